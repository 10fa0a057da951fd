using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;
using static Flows.AuthServer.Tests.Management.ManagementUsers;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// A new password, or a disabled account, signs the user out everywhere: the sessions from before are not
/// used for single sign-on again, and the refresh tokens issued before are refused.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class UserSignOutTests(ManagementServerFixture server)
{
    private const string NewPassword = "a-new-password-1";

    private readonly ManagementApi _api = new(server.CreateRawClient());
    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task A_refresh_token_obtained_before_an_administrator_sets_the_password_is_refused_after_it()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("rst");
        var user = await CreateAsync(_api, token, username);
        using var browser = new Browser(server.BaseAddress);
        var refreshToken = await SignInForRefreshTokenAsync(browser, username, PasswordOf(username));

        var reset = await _api.PutAsync($"{user.Location}/password", token, new { newPassword = NewPassword });
        var (status, refused) = await TokenRequests.RefreshAsync(_http, refreshToken, WebClientId, WebSecret);

        Assert.Equal(HttpStatusCode.NoContent, reset.Status);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", refused["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_session_from_before_an_administrator_sets_the_password_is_not_used_for_single_sign_on_again()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("sso");
        var user = await CreateAsync(_api, token, username);
        using var browser = new Browser(server.BaseAddress);
        await SignInForRefreshTokenAsync(browser, username, PasswordOf(username));

        await _api.PutAsync($"{user.Location}/password", token, new { newPassword = NewPassword });

        Assert.Equal(0, await SessionCountAsync(server, user.Text("id")));
        Assert.StartsWith("/test/flows/", await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New())));
    }

    [Fact]
    public async Task A_password_changed_in_a_flow_ends_the_other_sessions_and_refresh_tokens_but_not_the_changing_one()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("chg");
        var user = await CreateAsync(_api, token, username);
        using var elsewhere = new Browser(server.BaseAddress);
        var refreshToken = await SignInForRefreshTokenAsync(elsewhere, username, PasswordOf(username));
        await _api.PatchAsync(user.Location!.ToString(), token, new { mustChangePassword = true });

        using var changing = new Browser(server.BaseAddress);
        var flowUrl = await SignIn.StartAsync(changing, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
        var (_, mustChange) = await changing.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, PasswordOf(username)));
        var (_, changed) = await changing.ActAsync(flowUrl, FlowAnswers.PasswordReset(PasswordOf(username), NewPassword));
        var (refreshStatus, _) = await TokenRequests.RefreshAsync(_http, refreshToken, WebClientId, WebSecret);
        using var again = await changing.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));

        Assert.Equal(FlowStatuses.MustChangePassword, mustChange["status"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, changed["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, refreshStatus);
        Assert.StartsWith("/test/flows/", await SignIn.StartAsync(elsewhere, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New())));
        Assert.Contains("code", SignIn.Parameters(again.Headers.Location!).Keys);
    }

    [Fact]
    public async Task A_password_changed_in_a_step_up_keeps_the_session_that_changed_it_signed_in()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("stp");
        var user = await CreateAsync(_api, token, username);
        using var browser = new Browser(server.BaseAddress);
        await SignInForRefreshTokenAsync(browser, username, PasswordOf(username));
        await _api.PatchAsync(user.Location!.ToString(), token, new { mustChangePassword = true });

        // Another application's flow runs for the session's user: a step-up, in the same session.
        var flowUrl = await SignIn.StartAsync(browser, SignIn.AuthorizeUrl(SpaClientId, SpaRedirect, Pkce.New()));
        var (_, mustChange) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(username, PasswordOf(username)));
        var (_, changed) = await browser.ActAsync(flowUrl, FlowAnswers.PasswordReset(PasswordOf(username), NewPassword));
        using var resumed = await browser.GetAsync(changed["resumeUrl"]?.GetValue<string>() ?? "/test/as/resume");

        Assert.Equal(FlowStatuses.MustChangePassword, mustChange["status"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.Completed, changed["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Contains("code", SignIn.Parameters(resumed.Headers.Location!).Keys);
        Assert.Equal(1, await SessionCountAsync(server, user.Text("id")));
    }

    [Fact]
    public async Task A_refresh_token_obtained_before_the_user_was_disabled_stays_refused_once_the_user_is_enabled_again()
    {
        var token = await _api.TokenAsync();
        var username = UniqueName("off");
        var user = await CreateAsync(_api, token, username);
        using var browser = new Browser(server.BaseAddress);
        var refreshToken = await SignInForRefreshTokenAsync(browser, username, PasswordOf(username));

        await _api.PatchAsync(user.Location!.ToString(), token, new { enabled = false });
        await _api.PatchAsync(user.Location.ToString(), token, new { enabled = true });
        var (status, refused) = await TokenRequests.RefreshAsync(_http, refreshToken, WebClientId, WebSecret);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", refused["error"]!.GetValue<string>());
    }

    /// <summary>Signs in with the web application (offline_access) and redeems the code; the refresh token.</summary>
    private async Task<string> SignInForRefreshTokenAsync(Browser browser, string username, string password)
    {
        var pkce = Pkce.New();
        var redirect = await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), username, password);
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(
            _http, SignIn.Parameters(redirect)["code"], WebRedirect, pkce.Verifier, WebClientId, WebSecret);
        Assert.Equal(HttpStatusCode.OK, status);
        return tokens["refresh_token"]!.GetValue<string>();
    }
}
