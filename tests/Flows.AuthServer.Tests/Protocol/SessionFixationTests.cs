using System.Net;
using System.Text.RegularExpressions;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The ST token is replaced when its session signs in, in the response that completed the flow: a token known
/// before the sign-in (planted by an attacker) never becomes an authenticated session.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class SessionFixationTests(ServerFixture server)
{
    [Fact]
    public async Task A_session_token_planted_before_the_sign_in_is_not_signed_in_by_the_victim()
    {
        using var attacker = new Browser(server.BaseAddress);
        await SignIn.StartAsync(attacker, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var planted = attacker.SessionToken()!;
        using var victim = new Browser(server.BaseAddress);
        victim.UseSessionToken(planted);

        var victimCode = SignIn.Parameters(await SignIn.RunAsync(victim, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), Bob, BobPassword));
        var attackerAnswer = await SilentAuthorizeAsync(attacker);

        Assert.True(victimCode.ContainsKey("code"));
        Assert.Equal("login_required", attackerAnswer["error"]);
        Assert.NotEqual(planted, victim.SessionToken());
    }

    [Fact]
    public async Task The_flow_api_answer_that_completes_the_flow_sets_a_new_session_cookie_and_the_old_token_stops_working()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var before = browser.SessionToken()!;

        await SignIn.CompleteAsync(browser, flowUrl, Bob, BobPassword);
        using var stale = new Browser(server.BaseAddress);
        stale.UseSessionToken(before);

        Assert.NotEqual(before, browser.SessionToken());
        Assert.Equal("login_required", (await SilentAuthorizeAsync(stale))["error"]);
        Assert.True((await SilentAuthorizeAsync(browser)).ContainsKey("code"));
    }

    [Fact]
    public async Task Signing_in_on_the_hosted_page_sets_a_new_session_cookie_and_resumes()
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var flowId = flowUrl[(flowUrl.LastIndexOf('/') + 1)..];
        var before = browser.SessionToken()!;

        using var page = await browser.GetAsync($"/test/signon?flowId={flowId}");
        var antiforgery = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups["value"].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            [UsernamePasswordFields.Username] = Bob,
            [UsernamePasswordFields.Password] = BobPassword,
        });
        using var posted = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/test/signon?flowId={flowId}&handler=UsernamePassword") { Content = form });
        using var resumed = await browser.GetAsync(posted.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains(posted.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("ST=", StringComparison.Ordinal));
        Assert.NotEqual(before, browser.SessionToken());
        Assert.True(SignIn.Parameters(resumed.Headers.Location!).ContainsKey("code"));
    }

    [Fact]
    public async Task A_flow_started_in_another_tab_continues_after_the_session_signed_in()
    {
        using var browser = new Browser(server.BaseAddress);
        var firstTab = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var secondTab = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(), state: "second"));

        await SignIn.ResumeAsync(browser, await SignIn.CompleteAsync(browser, firstTab, Bob, BobPassword));
        var (status, flow) = await browser.GetFlowAsync(secondTab);
        var second = SignIn.Parameters(await SignIn.ResumeAsync(browser, await SignIn.CompleteAsync(browser, secondTab, Bob, BobPassword)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, flow["status"]!.GetValue<string>());
        Assert.Equal("second", second["state"]);
        Assert.True(second.ContainsKey("code"));
    }

    private static async Task<Dictionary<string, string>> SilentAuthorizeAsync(Browser browser)
    {
        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return SignIn.Parameters(response.Headers.Location!);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
