using System.Net;
using System.Text.RegularExpressions;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>
/// OpenID Connect Front-Channel Logout 1.0: the signed-out page frames each application's logout page (with iss and sid
/// when it asked for them), allows exactly those frames and its own script, then continues to the post-logout address.
/// </summary>
[Collection(LogoutCollection.Name)]
public sealed partial class FrontchannelLogoutTests(LogoutServerFixture server)
{
    private static readonly Uri FrontchannelPage = new("https://rp-front.test/logout?from=op");

    [Fact]
    public async Task The_signed_out_page_frames_the_applications_logout_page_with_iss_and_sid_then_continues_to_the_post_logout_address()
    {
        var application = await RelyingParty.CreateAsync(server, frontchannel: FrontchannelPage);
        using var browser = new Browser(server.BaseAddress);
        var idToken = (await application.SignInAsync(browser))["id_token"]!.GetValue<string>();
        var sid = RelyingParty.Read(idToken).GetClaim("sid").Value;

        using var signoff = await SignOffAsync(browser, idToken);
        var page = await signoff.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, signoff.StatusCode);
        var frame = new Uri(WebUtility.HtmlDecode(Frame().Match(page).Groups["src"].Value));
        Assert.Equal("https://rp-front.test/logout", frame.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(frame.Query);
        Assert.Equal(("op", Issuer(server.BaseAddress), sid), (query["from"].ToString(), query["iss"].ToString(), query["sid"].ToString()));
        Assert.Equal($"{RelyingParty.PostLogout}?state=bye", WebUtility.HtmlDecode(ContinueLink().Match(page).Groups["href"].Value));
        var policy = signoff.Content.Headers.Contains("Content-Security-Policy")
            ? signoff.Content.Headers.GetValues("Content-Security-Policy").Single()
            : signoff.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-src https://rp-front.test;", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        var nonce = Regex.Match(policy, "script-src 'nonce-(?<nonce>[^']+)'").Groups["nonce"].Value;
        Assert.False(string.IsNullOrEmpty(nonce));
        Assert.Contains($"<script nonce=\"{nonce}\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_application_that_needs_no_session_gets_its_page_as_registered()
    {
        var application = await RelyingParty.CreateAsync(server, frontchannel: FrontchannelPage, frontchannelSessionRequired: false);
        using var browser = new Browser(server.BaseAddress);
        var idToken = (await application.SignInAsync(browser))["id_token"]!.GetValue<string>();

        using var signoff = await SignOffAsync(browser, idToken);

        Assert.Equal(FrontchannelPage.ToString(), WebUtility.HtmlDecode(Frame().Match(await signoff.Content.ReadAsStringAsync()).Groups["src"].Value));
    }

    [Fact]
    public async Task A_confirmed_sign_off_without_a_hint_frames_the_pages_and_stays_on_the_signed_out_page()
    {
        var application = await RelyingParty.CreateAsync(server, frontchannel: FrontchannelPage);
        using var browser = new Browser(server.BaseAddress);
        await application.SignInAsync(browser);

        using var confirmed = await SignOff.ConfirmAsync(browser, Id);
        var page = await confirmed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("You are signed out", page, StringComparison.Ordinal);
        Assert.Matches(Frame(), page);
        Assert.DoesNotMatch(ContinueLink(), page);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignOffAsync(Browser browser, string idToken) => browser.GetAsync(
        $"/{Id}/as/signoff?id_token_hint={idToken}&post_logout_redirect_uri={Uri.EscapeDataString(RelyingParty.PostLogout)}&state=bye");

    [GeneratedRegex("<iframe class=\"logout-frame\" src=\"(?<src>[^\"]+)\"")]
    private static partial Regex Frame();

    [GeneratedRegex("<a id=\"continue\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex ContinueLink();
}
