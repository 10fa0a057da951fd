using System.Net;
using System.Text.RegularExpressions;
using Flows.AuthServer.Tests.Hosting;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// RP-Initiated Logout 1.0 §2–§3: a sign-off the server cannot tie to the session's user (no id_token_hint, or a
/// hint of someone else) ends nothing by itself; the user confirms it with a form, or it is refused.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class SignoffTests(ServerFixture server)
{
    [Fact]
    public async Task A_get_without_a_hint_asks_for_confirmation_and_leaves_the_session_alive()
    {
        using var browser = await SignedInBrowserAsync(Bob, BobPassword);

        using var signoff = await browser.GetAsync($"/{Id}/as/signoff?post_logout_redirect_uri={Uri.EscapeDataString(WebPostLogout)}&state=bye");

        Assert.Equal(HttpStatusCode.OK, signoff.StatusCode);
        Assert.Null(signoff.Headers.Location);
        var page = await signoff.Content.ReadAsStringAsync();
        Assert.Matches(SignOff.FormPattern(), page);
        Assert.Matches(AntiforgeryField(), page);
        Assert.Equal("DENY", signoff.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(await HasLiveSessionAsync(browser));
    }

    [Fact]
    public async Task Confirming_the_form_ends_the_session()
    {
        using var browser = await SignedInBrowserAsync(Bob, BobPassword);

        using var confirmed = await SignOff.ConfirmAsync(browser, Id);

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("You are signed out", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await HasLiveSessionAsync(browser));
    }

    [Fact]
    public async Task A_confirmation_without_the_antiforgery_token_ends_nothing()
    {
        using var browser = await SignedInBrowserAsync(Bob, BobPassword);
        using var confirmation = await browser.GetAsync($"/{Id}/as/signoff");
        var fields = SignOff.HiddenField().Matches(await confirmation.Content.ReadAsStringAsync())
            .Where(field => field.Groups["name"].Value != "__RequestVerificationToken")
            .ToDictionary(field => field.Groups["name"].Value, field => WebUtility.HtmlDecode(field.Groups["value"].Value));

        using var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/{Id}/as/signoff") { Content = new FormUrlEncodedContent(fields) });

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("You are signed out", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await HasLiveSessionAsync(browser));
    }

    [Fact]
    public async Task A_hint_of_another_user_is_refused_and_leaves_the_session_alive()
    {
        using var alice = new Browser(server.BaseAddress);
        var aliceIdToken = await IdTokenAsync(alice, Alice, AlicePassword);
        using var bob = await SignedInBrowserAsync(Bob, BobPassword);

        using var signoff = await bob.GetAsync(
            $"/{Id}/as/signoff?id_token_hint={aliceIdToken}&post_logout_redirect_uri={Uri.EscapeDataString(WebPostLogout)}&state=bye");

        Assert.Equal(HttpStatusCode.BadRequest, signoff.StatusCode);
        Assert.Null(signoff.Headers.Location);
        Assert.True(await HasLiveSessionAsync(bob));
    }

    [Fact]
    public async Task A_hint_of_the_sessions_user_with_a_registered_address_returns_at_once_with_state()
    {
        using var browser = new Browser(server.BaseAddress);
        var idToken = await IdTokenAsync(browser, Bob, BobPassword);

        using var signoff = await browser.GetAsync(
            $"/{Id}/as/signoff?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString(WebPostLogout)}&state=bye");

        Assert.Equal(HttpStatusCode.Redirect, signoff.StatusCode);
        Assert.Equal($"{WebPostLogout}?state=bye", signoff.Headers.Location!.ToString());
        Assert.False(await HasLiveSessionAsync(browser));
    }

    private async Task<Browser> SignedInBrowserAsync(string username, string password)
    {
        var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()), username, password);
        return browser;
    }

    private async Task<string> IdTokenAsync(Browser browser, string username, string password)
    {
        using var http = server.CreateRawClient();
        var pkce = Pkce.New();
        var code = SignIn.Parameters(await SignIn.RunAsync(browser, SignIn.AuthorizeUrl(WebClientId, WebRedirect, pkce), username, password))["code"];
        var (_, tokens) = await TokenRequests.RedeemCodeAsync(http, code, WebRedirect, pkce.Verifier, WebClientId, WebSecret);
        return tokens["id_token"]!.GetValue<string>();
    }

    /// <summary>Whether the browser's session still signs it in silently (prompt=none answers with a code).</summary>
    private static async Task<bool> HasLiveSessionAsync(Browser browser)
    {
        using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return SignIn.Parameters(response.Headers.Location!).ContainsKey("code");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
