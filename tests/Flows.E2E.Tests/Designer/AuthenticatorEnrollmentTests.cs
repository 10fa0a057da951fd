using System.Text.RegularExpressions;
using Flows.AuthServer.Users;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.E2E.Tests.SignOn;
using Flows.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.Designer;

/// <summary>
/// A new administrator's first sign-in to the designer: after the password the page shows a new authenticator key as a
/// QR code and as text; a code of that key (typed by a person whose browser runs no JavaScript) opens the designer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuthenticatorEnrollmentTests(BrowserFixture browser, AuthServerFixture server)
{
    private const string WrongCodeMessage = "The code is incorrect or has expired.";

    [Fact]
    public async Task A_new_administrator_enrolls_an_authenticator_from_the_page_and_reaches_the_designer()
    {
        var (username, password) = await CreateAdministratorAsync();
        var authenticator = new TotpAuthenticator();
        await using var context = await browser.NewContextAsync(javaScriptEnabled: false);
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);
        await page.GotoAsync(server.Url("/designer/"));
        await Expect(page).ToHaveURLAsync(new Regex("/admin/signon"));

        // The right password alone does not open the designer: the page asks to set up an authenticator.
        await pages.SubmitPasswordAsync(username, password);
        await Expect(pages.Heading).ToHaveTextAsync(HostedPages.EnrollmentHeading);
        await Expect(page).ToHaveURLAsync(new Regex("/admin/signon"));
        await Expect(pages.QrCode).ToBeVisibleAsync();
        await Expect(pages.QrCode).ToHaveJSPropertyAsync("complete", true);
        Assert.True((await pages.QrCode.BoundingBoxAsync())!.Width >= 150, "The QR code is large enough to scan from the screen.");
        await Expect(pages.EnrollmentKey).ToHaveTextAsync(new Regex("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"));
        await Expect(page.GetByText($"Flows admin: {username}")).ToBeVisibleAsync();
        var key = (await pages.EnrollmentKey.TextContentAsync())!;
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Open the key in your authenticator app" });
        await Expect(link).ToHaveAttributeAsync("href", new Regex($"^otpauth://totp/.*[?&]secret={key.Replace(" ", "")}&"));
        await Screenshots.SaveAsync(page, "1-enrollment");

        // A wrong code is announced and the same key is shown again.
        authenticator.Enroll(key);
        await pages.SubmitCodeAsync(NotACode(key));
        await Expect(pages.Alert).ToHaveTextAsync(WrongCodeMessage);
        await Expect(pages.EnrollmentKey).ToHaveTextAsync(key);
        await Screenshots.SaveAsync(page, "2-wrong-code");

        // A code of the key typed by hand enrolls it and opens the designer.
        await pages.SubmitCodeAsync(await authenticator.NextCodeAsync());
        await Expect(page).ToHaveURLAsync(server.Url("/designer/"));
        Assert.Contains(await context.CookiesAsync(), cookie => cookie.Name == "FlowsDesigner");
    }

    private async Task<(string Username, string Password)> CreateAdministratorAsync()
    {
        var username = $"operator-{Guid.NewGuid():N}"[..20];
        var password = $"{username}-password";
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserService>()
            .CreateAsync("admin", new NewUser(username) { Password = password, Groups = [global::Flows.AuthServer.Administration.ManagementScopes.Read, global::Flows.AuthServer.Administration.ManagementScopes.Write] }, CancellationToken.None);
        return (username, password);
    }

    /// <summary>Six digits that are no code of the key within the drift the flow allows, now or in a minute.</summary>
    private static string NotACode(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key.Replace(" ", "")));
        var codes = new[] { -30, 0, 30, 60, 90 }.Select(seconds => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(seconds))).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).First(code => !codes.Contains(code));
    }
}
