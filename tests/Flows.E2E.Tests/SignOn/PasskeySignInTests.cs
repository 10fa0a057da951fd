using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Flows.AuthServer.Data;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.Engine.Definitions;
using Flows.Engine.Runtime;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// A person with a passkey authenticator (Chromium's virtual one, through the DevTools protocol: CTAP2, built in,
/// resident keys, user verification) registers a passkey after the password, then signs in with it as the second
/// factor, with it alone, and from the username field's autofill (conditional mediation). The browser speaks to the
/// server as <c>localhost</c>: WebAuthn takes no IP address as relying-party id.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeySignInTests(BrowserFixture browser, AuthServerFixture server)
{
    private const string Username = "katherine";
    private const string Password = "katherine-password-for-e2e-1";
    private const string CallbackPath = "/e2e-passkeys/callback";
    private const string AutofillUsername = "lise";
    private const string AutofillPassword = "lise-password-for-e2e-1";
    private const string AutofillClientId = "passkeys-autofill";
    private const string AutofillFlowId = "identifier-with-passkey-autofill";

    [Fact]
    public async Task A_person_registers_a_passkey_then_signs_in_with_it_after_the_password_and_without_one()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);
        await AddVirtualAuthenticatorAsync(context, page);

        // Registration: after the password the page asks for a new passkey, then shows ten recovery codes once.
        await AuthorizeAsync(page, "passkeys");
        await pages.SubmitPasswordAsync(Username, Password);
        await Expect(pages.Heading).ToHaveTextAsync("Create a passkey");
        await Screenshots.SaveAsync(page, "1-create-passkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a passkey" }).ClickAsync();
        await Expect(pages.Heading).ToHaveTextAsync("Save your recovery codes");
        await Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await Screenshots.SaveAsync(page, "2-recovery-codes");
        await ExpectCodeAtClientAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "I have saved my codes" }));

        // Second factor: a new session, the password, then the passkey.
        await context.ClearCookiesAsync();
        await AuthorizeAsync(page, "passkeys");
        await pages.SubmitPasswordAsync(Username, Password);
        await Expect(pages.Heading).ToHaveTextAsync("Sign in with a passkey");
        await Screenshots.SaveAsync(page, "3-passkey");
        await ExpectCodeAtClientAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }));

        // Passwordless: a new session, and the passkey alone names the user.
        await context.ClearCookiesAsync();
        await AuthorizeAsync(page, "passkeys-only");
        await Expect(pages.Heading).ToHaveTextAsync("Sign in with a passkey");
        await Expect(pages.Username).ToHaveCountAsync(0);
        await ExpectCodeAtClientAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }));
    }

    [Fact]
    public async Task A_person_picks_their_passkey_from_the_username_fields_autofill_and_is_signed_in_without_a_password()
    {
        await BindAutofillFlowAsync();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);
        await AddVirtualAuthenticatorAsync(context, page);

        // A passkey of the person's own, created after the password.
        await AuthorizeAsync(page, "passkeys");
        await pages.SubmitPasswordAsync(AutofillUsername, AutofillPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a passkey" }).ClickAsync();
        await Expect(pages.Heading).ToHaveTextAsync("Save your recovery codes");
        await ExpectCodeAtClientAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "I have saved my codes" }));

        // A new session on the identifier page: its script asks for a passkey with conditional mediation, which Chromium's
        // virtual authenticator answers by itself (it stands in for the person picking the passkey from the username
        // field's autofill list, which headless Chromium does not show); the page posts it and the person is signed in
        // with no username or password typed.
        await context.ClearCookiesAsync();
        var autofillPost = page.WaitForRequestAsync(request => request.Method == "POST" && request.Url.Contains("handler=Assertion", StringComparison.Ordinal));
        await ExpectCodeAtClientAsync(page, () => AuthorizeAsync(page, AutofillClientId));

        // The assertion came through the autofill form (the only passkey request of the identifier page is conditional).
        Assert.StartsWith("assertion=", (await autofillPost).PostData, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken=", (await autofillPost).PostData, StringComparison.Ordinal);
    }

    /// <summary>Chromium's virtual authenticator for this page: it answers WebAuthn at once, with the user verified.</summary>
    private static async Task AddVirtualAuthenticatorAsync(IBrowserContext context, IPage page)
    {
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
    }

    /// <summary>Starts an authorization code request (PKCE) of the client on the server's <c>localhost</c> name.</summary>
    private async Task AuthorizeAsync(IPage page, string clientId)
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var url = QueryHelpers.AddQueryString(LocalhostUrl(E2EEnvironment.AuthorizePath), new Dictionary<string, string?>
        {
            ["client_id"] = clientId,
            ["redirect_uri"] = server.Url(CallbackPath),
            ["response_type"] = "code",
            ["scope"] = "openid profile",
            ["state"] = "passkeys",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Clicks <paramref name="button"/> and waits for the browser to be sent to the client with a code.</summary>
    private Task ExpectCodeAtClientAsync(IPage page, ILocator button) => ExpectCodeAtClientAsync(page, () => button.ClickAsync());

    /// <summary>Does <paramref name="act"/> and waits for the browser to be sent to the client with a code.</summary>
    private async Task ExpectCodeAtClientAsync(IPage page, Func<Task> act)
    {
        // The client's callback is no page of the server: what counts is the request the redirect makes.
        var callback = page.WaitForRequestAsync(CallbackPattern());
        await act();
        Assert.Matches("[?&]code=[^&]+", (await callback).Url);
        Assert.Contains("state=passkeys", (await callback).Url, StringComparison.Ordinal);

        // The callback is no page of the server: its empty 404 ends in Chromium's error page. Waiting for that page keeps
        // its navigation from interrupting the next sign-in's.
        try
        {
            await WaitForErrorPageAsync(page);
        }
        catch (PlaywrightException failed) when (failed.Message.Contains("ERR_HTTP_RESPONSE_CODE_FAILURE", StringComparison.Ordinal))
        {
            // The wait may see the callback's failed navigation itself; the error page's commit comes right after.
            await WaitForErrorPageAsync(page);
        }
    }

    private static Task WaitForErrorPageAsync(IPage page) =>
        page.WaitForURLAsync(url => url.StartsWith("chrome-error:", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

    private Regex CallbackPattern() => new($"^{Regex.Escape(server.Url(CallbackPath))}\\?");

    /// <summary>Publishes the identifier-first flow with passkey autofill and binds the autofill client to it.</summary>
    private async Task BindAutofillFlowAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var flow = FlowDefinitionSerializer.Deserialize(AutofillFlowJson);
        await scope.ServiceProvider.GetRequiredService<FlowPublisher>().PublishAsync(E2EEnvironment.Id, flow, "e2e", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Applications
            .Where(a => a.EnvironmentId == E2EEnvironment.Id && a.ClientId == AutofillClientId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FlowId, AutofillFlowId));
    }

    private string LocalhostUrl(string path) => server.Url(path).Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal);

    private const string AutofillFlowJson = """
        {
          "id": "identifier-with-passkey-autofill", "version": 0, "name": "Identifier first with passkey autofill", "start": "identify",
          "nodes": [
            { "id": "identify", "type": "AskForIdentifier", "name": "Username", "properties": { "offerPasskeyAutofill": true } },
            { "id": "password", "type": "AskForUsernamePassword", "name": "Password", "properties": {} },
            { "id": "passkey", "type": "AskForPasskey", "name": "Passkey", "properties": {} },
            { "id": "refused", "type": "Deny", "name": "Refused", "properties": { "message": "You can't sign in here.", "code": "REFUSED" } },
            { "id": "signIn", "type": "SignIn", "name": "Sign in", "properties": {} }
          ],
          "edges": [
            { "from": "identify", "outcome": "passkeySignedIn", "to": "signIn" },
            { "from": "identify", "outcome": "password", "to": "password" },
            { "from": "identify", "outcome": "unknown", "to": "password" },
            { "from": "identify", "outcome": "passkey", "to": "passkey" },
            { "from": "identify", "outcome": "identityProvider", "to": "refused" },
            { "from": "identify", "outcome": "register", "to": "refused" },
            { "from": "password", "outcome": "success", "to": "signIn" },
            { "from": "password", "outcome": "lockedOut", "to": "refused" },
            { "from": "password", "outcome": "disabled", "to": "refused" },
            { "from": "password", "outcome": "mustChangePassword", "to": "refused" },
            { "from": "passkey", "outcome": "success", "to": "signIn" },
            { "from": "passkey", "outcome": "noPasskey", "to": "refused" },
            { "from": "passkey", "outcome": "useRecoveryCode", "to": "refused" },
            { "from": "passkey", "outcome": "disabled", "to": "refused" }
          ]
        }
        """;
}
