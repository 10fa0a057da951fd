using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// SSO reuses a session only for a flow the session has completed: web runs username-password, spa runs
/// password-then-otp, so a session of web must not sign in to spa. Instead spa's flow runs for the session's
/// user (step-up); prompt=none answers login_required.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SingleSignOnTests(ServerFixture server)
{
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_password_session_does_not_sign_in_to_an_application_whose_flow_asks_for_a_one_time_password()
    {
        using var browser = await SignedInToWebAsync(Alice, AlicePassword);

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/test/signon?flowId=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_other_application_flow_asks_the_session_user_for_the_password_then_the_one_time_password()
    {
        using var browser = await SignedInToWebAsync(Alice, AlicePassword);
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));

        var (_, asked) = await browser.GetFlowAsync(flowUrl);
        var (_, otherUser) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(Bob, BobPassword));
        var (_, passwordOnly) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(null, AlicePassword));

        Assert.Equal(FlowStatuses.UsernamePasswordRequired, asked["status"]!.GetValue<string>());
        Assert.Equal(Alice, asked["_embedded"]![UsernamePasswordFields.User]![UsernamePasswordFields.Username]!.GetValue<string>());
        Assert.Equal(Alice, asked["_embedded"]![UsernamePasswordFields.Username]!.GetValue<string>());
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, otherUser["status"]!.GetValue<string>());
        Assert.Equal("INVALID_REQUEST", otherUser["error"]!["code"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.OtpRequired, passwordOnly["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_sign_on_page_of_the_other_application_shows_the_session_user_who_cannot_be_changed()
    {
        using var browser = await SignedInToWebAsync(Alice, AlicePassword);
        using var authorize = await browser.GetAsync(SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));

        using var page = await browser.GetAsync(authorize.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Matches("<input id=\"username\"[^>]* value=\"alice\"[^>]* readonly=\"readonly\"", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Prompt_none_answers_login_required_when_the_session_has_not_completed_the_application_flow()
    {
        using var browser = await SignedInToWebAsync(Alice, AlicePassword);

        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New(), state: "silent",
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var parameters = SignIn.Parameters(response.Headers.Location!);
        Assert.StartsWith(SpaRedirect, response.Headers.Location!.ToString());
        Assert.Equal(("login_required", "silent"), (parameters["error"], parameters["state"]));
        Assert.False(parameters.ContainsKey("code"));
    }

    [Fact]
    public async Task A_step_up_finished_by_another_user_makes_the_session_theirs_with_only_what_their_flow_proved()
    {
        using var browser = await SignedInToWebAsync(Alice, AlicePassword);
        var pkce = Pkce.New();
        var stepUp = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, pkce));
        await browser.ActAsync(stepUp, FlowAnswers.SessionReset());
        var code = SignIn.Parameters(await SignIn.ResumeAsync(browser, await SignIn.CompleteAsync(browser, stepUp, Bob, BobPassword)))["code"];
        var (_, tokens) = await TokenRequests.RedeemCodeAsync(_http, code, SpaRedirect, pkce.Verifier, SpaClientId, secret: null);

        var silentSpa = await SilentAuthorizeAsync(browser, SpaClientId, SpaRedirect);
        var web = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var (_, webFlow) = await browser.GetFlowAsync(web);

        Assert.True(silentSpa.ContainsKey("code"), string.Join(", ", silentSpa));
        Assert.Equal(Bob, webFlow["_embedded"]![UsernamePasswordFields.User]![UsernamePasswordFields.Username]!.GetValue<string>());
        Assert.Equal("Bob Test", new JsonWebToken(tokens["id_token"]!.GetValue<string>()).GetClaim("name").Value);
    }

    [Fact]
    public async Task A_session_signs_in_without_a_flow_to_every_application_whose_flow_it_completed()
    {
        using var browser = await SignedInToWebAsync(Bob, BobPassword);
        var stepUp = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));
        await SignIn.ResumeAsync(browser, await SignIn.CompleteAsync(browser, stepUp, Bob, BobPassword));

        var web = await SilentAuthorizeAsync(browser, WebClientId, WebRedirect);
        var spaPkce = Pkce.New();
        var spa = await SilentAuthorizeAsync(browser, SpaClientId, SpaRedirect, spaPkce);
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, spa["code"], SpaRedirect, spaPkce.Verifier, SpaClientId, secret: null);

        Assert.True(web.ContainsKey("code"), string.Join(", ", web));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pwd", new JsonWebToken(tokens["id_token"]!.GetValue<string>()).GetClaim("amr").Value);
    }

    private async Task<Browser> SignedInToWebAsync(string username, string password)
    {
        var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), username, password);
        return browser;
    }

    private static async Task<Dictionary<string, string>> SilentAuthorizeAsync(Browser browser, string clientId, string redirect, Pkce? pkce = null)
    {
        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(clientId, redirect, pkce ?? Pkce.New(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(redirect, response.Headers.Location!.ToString());
        return SignIn.Parameters(response.Headers.Location!);
    }
}
