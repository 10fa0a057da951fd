using System.Net;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>The ST session: SSO on a second authorize, prompt and max_age, and sign-off.</summary>
[Collection(ServerCollection.Name)]
public sealed class SessionTests(ServerFixture server)
{
    [Fact]
    public async Task Starting_a_flow_sets_an_http_only_lax_session_cookie_limited_to_the_environment()
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ST=", StringComparison.Ordinal));
        Assert.Contains("path=/test", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_second_authorize_in_the_same_session_skips_the_flow()
    {
        using var browser = await SignedInBrowserAsync();

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), state: "again"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var parameters = SignIn.Parameters(response.Headers.Location!);
        Assert.True(parameters.ContainsKey("code"));
        Assert.Equal("again", parameters["state"]);
    }

    [Theory]
    [InlineData("prompt", "login")]
    [InlineData("max_age", "0")]
    public async Task Prompt_login_and_an_exceeded_max_age_run_the_flow_again(string parameter, string value)
    {
        using var browser = await SignedInBrowserAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        var flowUrl = await SignIn.StartAsync(browser,
            SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), extra: new Dictionary<string, string?> { [parameter] = value }));

        Assert.StartsWith("/test/flows/", flowUrl);
    }

    [Fact]
    public async Task Prompt_none_without_a_session_returns_login_required_to_the_client()
    {
        using var browser = new Browser(server.BaseAddress);

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), state: "silent",
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var parameters = SignIn.Parameters(response.Headers.Location!);
        Assert.Equal(("login_required", "silent"), (parameters["error"], parameters["state"]));
    }

    [Fact]
    public async Task Prompt_none_with_a_session_answers_without_a_flow()
    {
        using var browser = await SignedInBrowserAsync();

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));

        Assert.True(SignIn.Parameters(response.Headers.Location!).ContainsKey("code"));
    }

    [Fact]
    public async Task Signoff_with_an_id_token_hint_ends_the_session_and_returns_to_the_application()
    {
        using var browser = new Browser(server.BaseAddress);
        using var http = server.CreateRawClient();
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), Bob, BobPassword))["code"];
        var (_, tokens) = await TokenRequests.RedeemCodeAsync(http, code, WebRedirect, pkce.Verifier, WebClientId, WebSecret);

        using var signoff = await browser.GetAsync(
            $"/test/as/signoff?id_token_hint={tokens["id_token"]}&post_logout_redirect_uri={Uri.EscapeDataString(WebPostLogout)}&state=bye");
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        Assert.Equal(HttpStatusCode.Redirect, signoff.StatusCode);
        Assert.Equal($"{WebPostLogout}?state=bye", signoff.Headers.Location!.ToString());
        Assert.StartsWith("/test/flows/", flowUrl);
    }

    [Fact]
    public async Task Signoff_to_an_unregistered_address_does_not_redirect()
    {
        using var browser = await SignedInBrowserAsync();

        using var signoff = await browser.GetAsync($"/test/as/signoff?post_logout_redirect_uri={Uri.EscapeDataString("https://evil.test/")}");

        Assert.Null(signoff.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, signoff.StatusCode);
    }

    private async Task<Browser> SignedInBrowserAsync()
    {
        var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), Bob, BobPassword);
        return browser;
    }
}
