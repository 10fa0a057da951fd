using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Tests.Messaging;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// The shipped <c>adaptive-mfa</c> flow in Chromium: a person with no second factor signs in with the password, chooses
/// codes by e-mail, types an address, reads the code from the mail a real SMTP server in the test received, and lands
/// at the client with a code; a person with an authenticator app types its code instead.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AdaptiveMfaSignInTests(BrowserFixture browser, AuthServerFixture server) : IDisposable
{
    private const string ClientId = "adaptive";
    private const string CallbackPath = "/e2e-adaptive/callback";
    private const string State = "adaptive";

    private static readonly E2EUser Nina = new("nina", "nina-password-for-e2e-1", "Nina Byers", "");
    private static readonly E2EUser Mary = new("mary", "mary-password-for-e2e-1", "Mary Somerville", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U");

    private readonly MailCatcher _mail = new();

    [Fact]
    public async Task A_person_without_a_second_factor_enrols_an_email_address_with_the_code_from_the_mail()
    {
        const string address = "nina@e2e.example";
        await SendMailToCatcherAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);

        await AuthorizeAsync(page);
        await pages.SubmitPasswordAsync(Nina.Username, Nina.Password);
        await Expect(pages.Heading).ToHaveTextAsync("Add a second factor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Codes by e-mail" }).ClickAsync();
        await Expect(pages.Heading).ToHaveTextAsync("Add an e-mail address");
        await page.GetByLabel("E-mail address").FillAsync(address);
        await Screenshots.SaveAsync(page, "adaptive-1-email-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send a code" }).ClickAsync();
        await Expect(pages.Heading).ToHaveTextAsync(HostedPages.CodeHeading);
        await Expect(page.GetByText("We sent a code to n•••@e2e.example")).ToBeVisibleAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await CodeSentToAsync(address));
        await Screenshots.SaveAsync(page, "adaptive-2-email-code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(pages.Heading).ToHaveTextAsync("Remember this device?");

        await ExpectCodeAtClientAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Continue" }));
    }

    [Fact]
    public async Task A_person_with_an_authenticator_app_types_its_code_and_reaches_the_client()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);

        await AuthorizeAsync(page);
        await pages.SubmitPasswordAsync(Mary.Username, Mary.Password);
        await Expect(pages.Heading).ToHaveTextAsync(HostedPages.CodeHeading);
        await pages.SubmitCodeAsync(await Mary.CurrentCodeAsync());
        await Expect(pages.Heading).ToHaveTextAsync("Remember this device?");

        await ExpectCodeAtClientAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Continue" }));
    }

    public void Dispose() => _mail.Dispose();

    /// <summary>Points the E2E environment's SMTP settings at this test's mail catcher, as an administrator would.</summary>
    private async Task SendMailToCatcherAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var messaging = scope.ServiceProvider.GetRequiredService<MessagingService>();
        var changed = await messaging.ChangeEmailAsync(E2EEnvironment.Id, new EmailSettingsResource
        {
            Host = "127.0.0.1", Port = _mail.Port, Security = SmtpSecurity.None, FromAddress = "no-reply@e2e.example", FromName = "Flows",
        }, new AuditActor("e2e", "PUT", "/v1/environments/e2e/email"), CancellationToken.None);
        Assert.True(changed.Succeeded);
    }

    /// <summary>The code in the mail sent to <paramref name="address"/>, waiting for it a while.</summary>
    private async Task<string> CodeSentToAsync(string address)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (_mail.To(address).Select(mail => CodePattern().Match(mail.TextBody ?? "")).FirstOrDefault(match => match.Success) is { } code)
            {
                return code.Value;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No code reached {address}.");
        return "";
    }

    private async Task AuthorizeAsync(IPage page)
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var url = QueryHelpers.AddQueryString(server.Url(E2EEnvironment.AuthorizePath), new Dictionary<string, string?>
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = server.Url(CallbackPath),
            ["response_type"] = "code",
            ["scope"] = "openid profile",
            ["state"] = State,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Clicks <paramref name="button"/> and waits for the browser to be sent to the client with a code.</summary>
    private async Task ExpectCodeAtClientAsync(IPage page, ILocator button)
    {
        var callback = page.WaitForRequestAsync(new Regex($"^{Regex.Escape(server.Url(CallbackPath))}\\?"));
        await button.ClickAsync();
        Assert.Matches("[?&]code=[^&]+", (await callback).Url);
        Assert.Contains($"state={State}", (await callback).Url, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b[0-9]{6,8}\b")]
    private static partial Regex CodePattern();
}
