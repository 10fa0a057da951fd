using System.Net;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The resume endpoint validates the stored authorization request again: an application changed while its user
/// signed in gets the error at its redirect URI while that URI is still registered (RFC 6749 §4.1.2.1), and only the
/// user's error page once it no longer is.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class ResumeErrorResponseTests(ManagementServerFixture server)
{
    private const string Kept = "https://resume.test/callback";
    private const string Other = "https://resume.test/other";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_resumed_request_that_no_longer_validates_goes_back_to_the_application_with_its_state()
    {
        var (path, clientId, token) = await CreateApplicationAsync();
        using var browser = new Browser(server.BaseAddress);
        var completed = await CompletedFlowAsync(browser, clientId);

        var patched = await new ManagementApi(_http).PatchAsync(path, token, new { scopes = new[] { "openid" } });
        using var resumed = await browser.GetAsync(completed["resumeUrl"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.StartsWith(Kept + "?", resumed.Headers.Location!.ToString(), StringComparison.Ordinal);
        var answer = SignIn.Parameters(resumed.Headers.Location!);
        Assert.False(answer.ContainsKey("code"));
        Assert.False(string.IsNullOrEmpty(answer["error"]));
        Assert.Equal(("resume-state", Issuer(server.BaseAddress)), (answer["state"], answer["iss"]));
    }

    [Fact]
    public async Task A_resumed_request_whose_redirect_uri_was_removed_shows_the_error_page()
    {
        var (path, clientId, token) = await CreateApplicationAsync();
        using var browser = new Browser(server.BaseAddress);
        var completed = await CompletedFlowAsync(browser, clientId);

        var patched = await new ManagementApi(_http).PatchAsync(path, token, new { redirectUris = new[] { Other } });
        using var resumed = await browser.GetAsync(completed["resumeUrl"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(HttpStatusCode.BadRequest, resumed.StatusCode);
        Assert.Null(resumed.Headers.Location);
        Assert.StartsWith("text/html", resumed.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    private async Task<(string Path, string ClientId, string Token)> CreateApplicationAsync()
    {
        var api = new ManagementApi(_http);
        var token = await api.TokenAsync();
        var created = await api.PostAsync($"/v1/environments/{Id}/applications", token, ApplicationApiTests.WebApplication() with
        {
            RedirectUris = [Kept, Other], Scopes = ["openid", "profile", "email"],
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var path = created.Location!.ToString();
        return (path, path[(path.LastIndexOf('/') + 1)..], token);
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> CompletedFlowAsync(Browser browser, string clientId)
    {
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(clientId, Kept, Pkce.New(), state: "resume-state", scope: "openid email"));
        return await SignIn.CompleteAsync(browser, flowUrl, Bob, BobPassword);
    }
}
