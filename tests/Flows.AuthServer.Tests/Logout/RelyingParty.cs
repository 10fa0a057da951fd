using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>
/// An application of the test environment created through <c>/v1</c> with the logout addresses a test gives it, which
/// signs a browser in (code + PKCE) and keeps the ID token it got.
/// </summary>
public sealed class RelyingParty
{
    public const string Redirect = "https://rp.test/callback";
    public const string PostLogout = "https://rp.test/signed-out";

    private readonly ServerFixture _server;

    private RelyingParty(ServerFixture server, string clientId, string secret)
    {
        _server = server;
        ClientId = clientId;
        Secret = secret;
    }

    public string ClientId { get; }

    public string Secret { get; }

    /// <summary>Registers an application with the given logout addresses (any of them may be null).</summary>
    public static async Task<RelyingParty> CreateAsync(
        ServerFixture server, Uri? backchannel = null, Uri? frontchannel = null, bool frontchannelSessionRequired = true)
    {
        using var http = server.CreateRawClient();
        var api = new ManagementApi(http);
        var created = await api.PostAsync($"/v1/environments/{Id}/applications", await api.TokenAsync(), new
        {
            name = "Relying party",
            type = "confidential",
            grantTypes = new[] { "authorization_code", "refresh_token" },
            redirectUris = new[] { Redirect },
            postLogoutRedirectUris = new[] { PostLogout },
            scopes = new[] { "openid", "profile", "offline_access" },
            backchannelLogoutUri = backchannel?.ToString(),
            backchannelLogoutSessionRequired = backchannel is not null,
            frontchannelLogoutUri = frontchannel?.ToString(),
            frontchannelLogoutSessionRequired = frontchannelSessionRequired,
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return new RelyingParty(server, created.Text("clientId"), created.Text("clientSecret"));
    }

    /// <summary>Signs the browser in to this application (a flow, or SSO when its session allows) and redeems the code.</summary>
    public async Task<JsonObject> SignInAsync(Browser browser, string username = Bob, string password = BobPassword)
    {
        var pkce = Pkce.New();
        var authorize = SignIn.AuthorizeUrl(ClientId, Redirect, pkce, scope: "openid profile offline_access");
        Uri redirect;
        if (browser.SessionToken() is null)
        {
            redirect = await SignIn.RunAsync(browser, authorize, username, password);
        }
        else
        {
            using var answer = await browser.GetAsync(authorize);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            redirect = answer.Headers.Location!;
        }

        using var http = _server.CreateRawClient();
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(http, SignIn.Parameters(redirect)["code"], Redirect, pkce.Verifier, ClientId, Secret);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens;
    }

    /// <summary>The claims of a token's payload, unverified (the tests that need it verify the signature themselves).</summary>
    public static JsonWebToken Read(string token) => new(token);

    /// <summary>The environment's published signing keys.</summary>
    public static async Task<IList<SecurityKey>> SigningKeysAsync(ServerFixture server)
    {
        using var http = server.CreateRawClient();
        var jwks = new JsonWebKeySet(await http.GetStringAsync($"/{Id}/as/jwks"));
        return jwks.GetSigningKeys();
    }
}
