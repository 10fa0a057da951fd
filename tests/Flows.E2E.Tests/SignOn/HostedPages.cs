using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.E2E.Tests.Server;
using Flows.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// What a person does on the hosted pages, by what they see: labels, button names, headings. Each step waits
/// for the page it leads to, so a test reads as the person's path through the sign-in.
/// </summary>
public sealed class HostedPages(IPage page, AuthServerFixture server)
{
    public const string EnrollmentHeading = "Set up your authenticator app";
    public const string CodeHeading = "Enter your code";

    public ILocator Username => page.GetByLabel("Username");

    public ILocator Password => page.GetByLabel("Password");

    public ILocator Code => page.GetByLabel("6-digit code");

    /// <summary>The enrollment page's QR code of the new key.</summary>
    public ILocator QrCode => page.GetByAltText("QR code of the key for");

    /// <summary>The enrollment page's key, in groups of four for typing it in.</summary>
    public ILocator EnrollmentKey => page.Locator("#totp-key");

    public ILocator Alert => page.GetByRole(AriaRole.Alert);

    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>The environment's name, which every hosted page shows above its card's heading.</summary>
    public ILocator EnvironmentName => page.Locator("main .environment");

    /// <summary>Opens the try-it page and follows its "Sign in" link to the hosted sign-on page.</summary>
    public async Task StartAtTryItAsync(Func<Task>? onTryItPage = null)
    {
        await page.GotoAsync(server.Url(E2EEnvironment.TryItPath));
        await Expect(Heading).ToHaveTextAsync("Try it");
        if (onTryItPage is not null)
        {
            await onTryItPage();
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await ExpectSignOnStepAsync("Sign in");
    }

    /// <summary>Types a username and password and presses "Sign in"; the next page may be the same step with an error.</summary>
    public async Task SubmitPasswordAsync(string username, string password)
    {
        await Username.FillAsync(username);
        await Password.FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    public async Task SubmitCodeAsync(string code)
    {
        await Code.FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>
    /// Signs in to the admin environment's page (the designer sends the browser there) as the administrator: the
    /// password, then, at the first sign-in, adds the key shown to <see cref="AuthServerFixture.AdminAuthenticator"/>,
    /// and gives its code. The next page is the designer's.
    /// </summary>
    public Task SignInAsAdministratorAsync() =>
        SignInWithAuthenticatorAsync(AuthServerFixture.AdminUsername, AuthServerFixture.AdminPassword, server.AdminAuthenticator);

    /// <summary>The password, then enrolls <paramref name="authenticator"/> with the key the page shows, or gives its code.</summary>
    public async Task SignInWithAuthenticatorAsync(string username, string password, TotpAuthenticator authenticator)
    {
        await SubmitPasswordAsync(username, password);
        await Expect(Heading).ToHaveTextAsync(new Regex($"^({Regex.Escape(EnrollmentHeading)}|{Regex.Escape(CodeHeading)})$"));
        if (await Heading.TextContentAsync() == EnrollmentHeading)
        {
            await Expect(QrCode).ToBeVisibleAsync();
            authenticator.Enroll((await EnrollmentKey.TextContentAsync())!);
        }

        await SubmitCodeAsync(await authenticator.NextCodeAsync());
    }

    /// <summary>Waits until the browser shows the hosted sign-on page at the step with this heading.</summary>
    public async Task ExpectSignOnStepAsync(string heading)
    {
        await Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(server.Url(E2EEnvironment.SignOnPath))}\\?(.*&)?flowId="));
        await Expect(Heading).ToHaveTextAsync(heading);
        await Expect(EnvironmentName).ToHaveTextAsync(E2EEnvironment.Name);
    }

    /// <summary>The try-it result page's ID token claims: each claim type with its values (amr has several).</summary>
    public async Task<ILookup<string, string>> ReadIdTokenClaimsAsync()
    {
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "ID token claims" }).Locator("tbody tr");
        var claims = new List<(string Type, string Value)>();
        foreach (var row in await rows.AllAsync())
        {
            // A time claim's cell also shows the date on a second line; the value is the first.
            var value = (await row.Locator("td").InnerTextAsync()).Split('\n')[0].Trim();
            claims.Add(((await row.Locator("th").InnerTextAsync()).Trim(), value));
        }

        return claims.ToLookup(claim => claim.Type, claim => claim.Value);
    }

    /// <summary>The userinfo response the try-it page shows, as JSON.</summary>
    public async Task<JsonObject> ReadUserInfoAsync() =>
        JsonNode.Parse(await page.GetByLabel("Userinfo", new() { Exact = true }).InnerTextAsync())!.AsObject();
}
