using System.Text.RegularExpressions;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// A person signs in through the built-in try-it client: the hosted sign-on page, a wrong password, the
/// password, the one-time code (the try-it application runs <c>password-then-otp</c>), the result, sign-out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TryItSignInTests(BrowserFixture browser, AuthServerFixture server)
{
    private const string WrongPasswordMessage = "The username or password is incorrect.";

    [Fact]
    public async Task A_person_signs_in_with_password_and_code_sees_the_ID_token_and_signs_out()
    {
        var user = E2EEnvironment.Ada;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);

        // The sign-on page: the environment's name, the cursor in the username field.
        await pages.StartAtTryItAsync(() => Screenshots.SaveAsync(page, "1-try-it"));
        await Expect(pages.Username).ToBeFocusedAsync();
        var flowId = FlowIdOf(page.Url);
        await Screenshots.SaveAsync(page, "2-sign-on");

        // A wrong password is announced and the same step is asked again, with the username kept.
        await pages.SubmitPasswordAsync(user.Username, "not-" + user.Password);
        await Expect(pages.Alert).ToHaveTextAsync(WrongPasswordMessage);
        await pages.ExpectSignOnStepAsync("Sign in");
        Assert.Equal(flowId, FlowIdOf(page.Url));
        await Expect(pages.Username).ToHaveValueAsync(user.Username);
        await Expect(pages.Password).ToHaveAttributeAsync("aria-invalid", "true");
        await Screenshots.SaveAsync(page, "3-wrong-password");

        // The right password leads to the code, with the cursor in the code field.
        await pages.SubmitPasswordAsync(user.Username, user.Password);
        await pages.ExpectSignOnStepAsync("Enter your code");
        await Expect(pages.Code).ToBeFocusedAsync();
        await Expect(pages.Alert).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "4-otp");

        await pages.SubmitCodeAsync(await user.CurrentCodeAsync());

        var (subject, claims) = await ExpectSignedInAsync(page, pages, user);
        Assert.Contains("pwd", claims["amr"]);
        await Screenshots.SaveAsync(page, "5-result");

        // Sign out returns straight to the try-it page and ends the session: signing in again asks again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(server.Url(E2EEnvironment.TryItPath));
        await Expect(pages.Heading).ToHaveTextAsync("Try it");
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name == "ST");
        await Screenshots.SaveAsync(page, "6-signed-out");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await pages.ExpectSignOnStepAsync("Sign in");
        Assert.NotEqual(flowId, FlowIdOf(page.Url));
        Assert.False(string.IsNullOrEmpty(subject));
    }

    [Fact]
    public async Task Password_and_code_sign_in_works_with_JavaScript_switched_off()
    {
        var user = E2EEnvironment.Grace;
        await using var context = await browser.NewContextAsync(javaScriptEnabled: false);
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);

        await pages.StartAtTryItAsync();
        await Screenshots.SaveAsync(page, "1-sign-on");
        await pages.SubmitPasswordAsync(user.Username, user.Password);
        await pages.ExpectSignOnStepAsync("Enter your code");
        await Screenshots.SaveAsync(page, "2-otp");
        await pages.SubmitCodeAsync(await user.CurrentCodeAsync());

        await ExpectSignedInAsync(page, pages, user);
        await Screenshots.SaveAsync(page, "3-result");
    }

    /// <summary>
    /// The try-it result page for this user: the ID token names them and says a one-time code was used, and
    /// userinfo answers for the same subject. Returns the subject and all claims.
    /// </summary>
    private async Task<(string Subject, ILookup<string, string> Claims)> ExpectSignedInAsync(IPage page, HostedPages pages, E2EUser user)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(server.Url(E2EEnvironment.TryItPath + "/callback"))}\\?"));
        await Expect(pages.Heading).ToHaveTextAsync($"Signed in as {user.Name}");

        var claims = await pages.ReadIdTokenClaimsAsync();
        var subject = Assert.Single(claims["sub"]);
        Assert.False(string.IsNullOrWhiteSpace(subject));
        Assert.Equal(user.Name, Assert.Single(claims["name"]));
        Assert.Contains("otp", claims["amr"]);
        Assert.Equal(server.Url($"/{E2EEnvironment.Id}/as"), Assert.Single(claims["iss"]));
        Assert.Equal("try-it", Assert.Single(claims["aud"]));

        var userInfo = await pages.ReadUserInfoAsync();
        Assert.Equal(subject, userInfo["sub"]?.GetValue<string>());
        Assert.Equal(user.Name, userInfo["name"]?.GetValue<string>());
        return (subject, claims);
    }

    private static string FlowIdOf(string url) => QueryHelpers.ParseQuery(new Uri(url).Query)["flowId"].ToString();
}
