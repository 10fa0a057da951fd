using System.Net;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Management;

/// <summary><c>requirePushedAuthorizationRequests</c> of an application through /v1: stored, shown, changed, enforced at once.</summary>
[Collection(ManagementCollection.Name)]
public sealed class ApplicationPushedRequestsApiTests(ManagementServerFixture server)
{
    private const string Applications = $"/v1/environments/{Id}/applications";
    private const string Redirect = "https://pushed.test/callback";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task An_application_created_to_require_pushed_requests_refuses_a_direct_authorize_until_patched_otherwise()
    {
        var token = await Api.TokenAsync();
        var created = await Api.PostAsync(Applications, token, new
        {
            name = "Pushed", type = "confidential", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { Redirect },
            scopes = new[] { "openid" }, requirePushedAuthorizationRequests = true,
        });
        var clientId = created.Text("clientId");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.True(created.Body["requirePushedAuthorizationRequests"]!.GetValue<bool>());
        Assert.Equal("invalid_request", await DirectAuthorizeErrorAsync(clientId));

        var patched = await Api.PatchAsync($"{Applications}/{clientId}", token, new { requirePushedAuthorizationRequests = false });

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.False(patched.Body["requirePushedAuthorizationRequests"]!.GetValue<bool>());
        Assert.Null(await DirectAuthorizeErrorAsync(clientId));
    }

    [Fact]
    public async Task A_client_without_authorization_requests_cannot_require_pushing_them()
    {
        var response = await Api.PostAsync(Applications, await Api.TokenAsync(), new
        {
            name = "Service", type = "confidential", grantTypes = new[] { "client_credentials" }, requirePushedAuthorizationRequests = true,
        });

        Assert.Equal((HttpStatusCode.BadRequest, ManagementProblems.InvalidData), (response.Status, response.Code));
        Assert.NotNull(response.Body["errors"]!["requirePushedAuthorizationRequests"]);
    }

    /// <summary>The error a direct authorize of the client gets at its redirect URI; null when it starts a flow instead.</summary>
    private async Task<string?> DirectAuthorizeErrorAsync(string clientId)
    {
        using var browser = new Browser(server.BaseAddress);
        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(clientId, Redirect, Pkce.New(), scope: "openid"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        return location.ToString().StartsWith(Redirect, StringComparison.Ordinal) ? SignIn.Parameters(location)["error"] : null;
    }
}
