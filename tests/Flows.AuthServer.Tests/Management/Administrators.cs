using System.Net;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Tests.Hosting;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Administrators of the admin environment as the tests need them: created through /v1 with the roles (groups) they
/// hold, and signed in with the authorization code flow + PKCE through the designer's client, as a person would.
/// </summary>
public static class Administrators
{
    public const string DesignerClientId = "flows-designer";
    public const string UsersPath = $"/v1/environments/{AdminEnvironment.Id}/users";
    public const string ApplicationsPath = $"/v1/environments/{AdminEnvironment.Id}/applications";
    public const string ManagementScopes = "openid flows.read flows.write";

    /// <summary>Creates an administrator with <paramref name="roles"/> as groups; returns its resource path.</summary>
    public static async Task<string> CreateAsync(ManagementApi api, string token, string username, params string[] roles)
    {
        var created = await api.PostAsync(UsersPath, token, new { username, password = ManagementUsers.PasswordOf(username), groups = roles });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Location!.ToString();
    }

    /// <summary>Signs the administrator in through the designer's client; returns the token response.</summary>
    public static async Task<System.Text.Json.Nodes.JsonObject> SignInAsync(
        ServerFixture server, ManagementApi api, string clientToken, string username, string scope = ManagementScopes)
    {
        var designer = await api.GetAsync($"{ApplicationsPath}/{DesignerClientId}", clientToken);
        var redirect = designer.Body["redirectUris"]!.AsArray()[0]!.GetValue<string>();
        using var browser = new Browser(server.BaseAddress);
        var pkce = Pkce.New();
        var authorize = SignIn.AuthorizeUrl(DesignerClientId, redirect, pkce, scope: scope, environment: AdminEnvironment.Id);
        var code = SignIn.Parameters(await SignIn.RunWithAuthenticatorAsync(browser, authorize, username, ManagementUsers.PasswordOf(username),
            Authenticators.For(server.BaseAddress, username), AdminEnvironment.Id))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(server.CreateRawClient(), code, redirect, pkce.Verifier, DesignerClientId,
            secret: null, environment: AdminEnvironment.Id);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens;
    }

    /// <summary>The access token of <see cref="SignInAsync"/>.</summary>
    public static async Task<string> AccessTokenAsync(ServerFixture server, ManagementApi api, string clientToken, string username, string scope = ManagementScopes) =>
        (await SignInAsync(server, api, clientToken, username, scope))["access_token"]!.GetValue<string>();
}
