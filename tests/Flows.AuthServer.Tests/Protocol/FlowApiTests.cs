using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The JSON flow API: statuses, links, errors, and refusing what the contract refuses. Statuses, actions and fields
/// are spelled here as CONTRACT.md spells them, not by the activities' constants: this is the wire a custom UI is
/// written against, and it must not change with a constant.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FlowApiTests(ServerFixture server)
{
    [Fact]
    public async Task A_new_flow_asks_for_username_and_password_with_hal_links()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), extra: new Dictionary<string, string?> { ["login_hint"] = "bob" }));

        var (status, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", flow["status"]!.GetValue<string>());
        Assert.EndsWith(flowUrl, flow["_links"]!["self"]!["href"]!.GetValue<string>());
        Assert.NotNull(flow["_links"]!["usernamePassword.check"]);
        Assert.NotNull(flow["_links"]!["session.reset"]);
        Assert.Equal("bob", flow["_embedded"]!["username"]!.GetValue<string>());
        Assert.NotNull(flow["expiresAt"]);
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_status_and_adds_an_error()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var (status, flow) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = Bob, password = "nope" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", flow["status"]!.GetValue<string>());
        Assert.Equal("INVALID_CREDENTIALS", flow["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_action_of_another_step_is_refused_with_the_allowed_actions_and_changes_nothing()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var (status, problem) = await browser.ActAsync(flowUrl, "otp.check", new { otp = "123456" });
        var (_, flow) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ACTION", problem["code"]!.GetValue<string>());
        Assert.Contains("usernamePassword.check", problem["allowedActions"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", flow["status"]!.GetValue<string>());
        Assert.Null(flow["error"]);
    }

    [Fact]
    public async Task A_flow_call_without_the_owning_session_cookie_is_refused()
    {
        using var owner = new Browser(server.BaseAddress);
        using var stranger = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(owner, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var (getStatus, _) = await stranger.GetFlowAsync(flowUrl);
        var (postStatus, problem) = await stranger.ActAsync(flowUrl, "usernamePassword.check", new { username = Bob, password = BobPassword });
        var (_, flow) = await owner.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.Forbidden, getStatus);
        Assert.Equal((HttpStatusCode.Forbidden, "INVALID_SESSION"), (postStatus, problem["code"]!.GetValue<string>()));
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", flow["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("application/json", "{}")]
    [InlineData("application/vnd.pingidentity.usernamePassword.check+json", "not json")]
    [InlineData("application/vnd.pingidentity.usernamePassword.check+json", "[1,2]")]
    [InlineData("text/plain", "hello")]
    public async Task Malformed_posts_are_client_errors(string contentType, string body)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        using var request = new HttpRequestMessage(HttpMethod.Post, flowUrl) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var (status, problem) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = new string('a', 20_000), password = "x" });

        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_REQUEST"), (status, problem["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_flow_is_not_found()
    {
        using var browser = new Browser(server.BaseAddress);

        var (status, problem) = await browser.GetFlowAsync("/test/flows/0123456789abcdef0123456789abcdef");

        Assert.Equal((HttpStatusCode.NotFound, "NOT_FOUND"), (status, problem["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Session_reset_starts_the_flow_over()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = Bob, password = "nope" });

        var (status, flow) = await browser.ActAsync(flowUrl, "session.reset", new { });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", flow["status"]!.GetValue<string>());
        Assert.Null(flow["error"]);
    }

    [Fact]
    public async Task A_resume_url_only_works_for_the_browser_that_completed_the_flow()
    {
        using var owner = new Browser(server.BaseAddress);
        using var stranger = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(owner, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var completed = await SignIn.CompleteAsync(owner, flowUrl, Bob, BobPassword);

        using var response = await stranger.GetAsync(completed["resumeUrl"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }
}
