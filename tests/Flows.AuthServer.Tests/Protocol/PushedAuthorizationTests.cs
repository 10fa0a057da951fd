using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using static Flows.AuthServer.Tests.Hosting.GrantsEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// Pushed authorization requests (RFC 9126) at <c>/{env}/as/par</c>: the request_uri they answer starts the
/// application's flow like a direct authorize, answers the client once, and is the only way in for an application
/// that requires it.
/// </summary>
public sealed class PushedAuthorizationTests(GrantsServerFixture server) : IClassFixture<GrantsServerFixture>
{
    private const string RequestUriPrefix = "urn:ietf:params:oauth:request_uri:";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task Discovery_names_the_pushed_authorization_endpoint_under_the_issuer()
    {
        using var response = await _http.GetAsync(Path(".well-known/openid-configuration"));
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        var issuer = TestEnvironment.Issuer(server.BaseAddress, Id);
        Assert.Equal(issuer + "/par", document["pushed_authorization_request_endpoint"]!.GetValue<string>());
        // Only some applications require it (client metadata), not the server as a whole (RFC 9126 §5).
        Assert.False(document["require_pushed_authorization_requests"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_pushed_request_runs_the_applications_flow_and_answers_the_client_with_a_code()
    {
        var pkce = Pkce.New();
        var (status, pushed) = await PushAsync(PortalClientId, PortalSecret, PortalRedirect, pkce, state: "pushed-state");

        Assert.Equal(HttpStatusCode.Created, status);
        var requestUri = pushed["request_uri"]!.GetValue<string>();
        Assert.StartsWith(RequestUriPrefix, requestUri);
        Assert.InRange(pushed["expires_in"]!.GetValue<long>(), 1, 3_600);

        using var browser = new Browser(server.BaseAddress);
        var redirect = await SignIn.RunAsync(browser, AuthorizeUrl(PortalClientId, requestUri), Gina, GinaPassword, environment: Id);

        Assert.StartsWith(PortalRedirect, redirect.ToString());
        var answer = SignIn.Parameters(redirect);
        Assert.Equal("pushed-state", answer["state"]);
        var (tokenStatus, tokens) = await TokenRequests.RedeemCodeAsync(
            _http, answer["code"], PortalRedirect, pkce.Verifier, PortalClientId, PortalSecret, Id);
        Assert.Equal(HttpStatusCode.OK, tokenStatus);
        Assert.NotNull(tokens["id_token"]);
    }

    [Fact]
    public async Task A_public_client_pushes_with_its_client_id_and_pkce()
    {
        var pkce = Pkce.New();
        var (status, pushed) = await PushAsync(SpaClientId, secret: null, SpaRedirect, pkce);

        Assert.Equal(HttpStatusCode.Created, status);
        using var browser = new Browser(server.BaseAddress);
        var redirect = await SignIn.RunAsync(
            browser, AuthorizeUrl(SpaClientId, pushed["request_uri"]!.GetValue<string>()), Gina, GinaPassword, environment: Id);
        var answer = SignIn.Parameters(redirect);
        var (tokenStatus, _) = await TokenRequests.RedeemCodeAsync(_http, answer["code"], SpaRedirect, pkce.Verifier, SpaClientId, null, Id);
        Assert.Equal(HttpStatusCode.OK, tokenStatus);
    }

    [Fact]
    public async Task An_application_that_requires_pushed_requests_is_refused_a_direct_authorize()
    {
        using var browser = new Browser(server.BaseAddress);
        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(
            StrictClientId, StrictRedirect, Pkce.New(), scope: "openid profile", environment: Id));

        // The redirect URI is the client's own: the error goes back to it (RFC 6749 §4.1.2.1), no flow starts.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(StrictRedirect, response.Headers.Location!.ToString());
        Assert.Equal("invalid_request", SignIn.Parameters(response.Headers.Location!)["error"]);
        Assert.Null(browser.SessionToken(Id));
    }

    [Fact]
    public async Task An_application_that_requires_pushed_requests_signs_in_through_one()
    {
        var pkce = Pkce.New();
        var (_, pushed) = await PushAsync(StrictClientId, StrictSecret, StrictRedirect, pkce);

        using var browser = new Browser(server.BaseAddress);
        var redirect = await SignIn.RunAsync(
            browser, AuthorizeUrl(StrictClientId, pushed["request_uri"]!.GetValue<string>()), Gina, GinaPassword, environment: Id);

        var answer = SignIn.Parameters(redirect);
        Assert.True(answer.ContainsKey("code"), redirect.ToString());
        var (tokenStatus, _) = await TokenRequests.RedeemCodeAsync(
            _http, answer["code"], StrictRedirect, pkce.Verifier, StrictClientId, StrictSecret, Id);
        Assert.Equal(HttpStatusCode.OK, tokenStatus);
    }

    [Fact]
    public async Task A_request_uri_answers_one_sign_in_only()
    {
        var (_, pushed) = await PushAsync(PortalClientId, PortalSecret, PortalRedirect, Pkce.New());
        var authorize = AuthorizeUrl(PortalClientId, pushed["request_uri"]!.GetValue<string>());
        using var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, authorize, Gina, GinaPassword, environment: Id);

        using var again = await browser.GetAsync(authorize);

        Assert.NotEqual(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_request_uri_pushed_by_one_client_does_not_serve_another()
    {
        var (_, pushed) = await PushAsync(PortalClientId, PortalSecret, PortalRedirect, Pkce.New());
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(AuthorizeUrl(StrictClientId, pushed["request_uri"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.SessionToken(Id));
    }

    [Fact]
    public async Task A_request_uri_of_one_environment_is_unknown_in_another()
    {
        var (_, pushed) = await PushAsync(SpaClientId, secret: null, SpaRedirect, Pkce.New());
        using var browser = new Browser(server.BaseAddress);

        // The test environment has a client "spa" too.
        using var response = await browser.GetAsync(QueryHelpers.AddQueryString($"/{TestEnvironment.Id}/as/authorize",
            new Dictionary<string, string?> { ["client_id"] = TestEnvironment.SpaClientId, ["request_uri"] = pushed["request_uri"]!.GetValue<string>() }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(browser.SessionToken(TestEnvironment.Id));
    }

    [Fact]
    public async Task A_confidential_client_must_authenticate_to_push()
    {
        var (status, body) = await PushAsync(PortalClientId, "wrong-secret", PortalRedirect, Pkce.New());

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (status, body["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_pushed_request_is_validated_like_an_authorization_request()
    {
        var (status, body) = await PushAsync(PortalClientId, PortalSecret, "https://evil.test/callback", Pkce.New());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pushed_request_with_an_oversized_parameter_is_refused()
    {
        var (status, body) = await PushAsync(PortalClientId, PortalSecret, PortalRedirect, Pkce.New(), state: new string('s', 5_000));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (status, body["error"]!.GetValue<string>()));
        Assert.Contains("state", body["error_description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pushed_request_may_not_carry_a_request_uri_itself()
    {
        var form = Form(PortalClientId, PortalRedirect, Pkce.New(), "s", "openid");
        form["request_uri"] = RequestUriPrefix + "guessed";

        var (status, body) = await TokenRequests.PostAsync(_http, Path("par"), form, PortalClientId, PortalSecret);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (status, body["error"]!.GetValue<string>()));
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> PushAsync(
        string clientId, string? secret, string redirectUri, Pkce pkce, string state = "state-1", string scope = "openid profile") =>
        TokenRequests.PostAsync(_http, Path("par"), Form(clientId, redirectUri, pkce, state, scope), clientId, secret);

    private static Dictionary<string, string> Form(string clientId, string redirectUri, Pkce pkce, string state, string scope) => new()
    {
        ["response_type"] = "code",
        ["redirect_uri"] = redirectUri,
        ["scope"] = scope,
        ["state"] = state,
        ["nonce"] = "nonce-1",
        ["code_challenge"] = pkce.Challenge,
        ["code_challenge_method"] = "S256",
    };

    /// <summary>RFC 9126 §4: the authorization request names only the client and the request_uri.</summary>
    private static string AuthorizeUrl(string clientId, string requestUri) => QueryHelpers.AddQueryString(Path("authorize"),
        new Dictionary<string, string?> { ["client_id"] = clientId, ["request_uri"] = requestUri });
}
