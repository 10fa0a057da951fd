using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Tests.Messaging;
using Flows.AuthServer.Users;
using Flows.AuthServer.Users.ContactDevices;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.Engine.Definitions;
using Flows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// A person helps themselves with their password in a real browser: forgets it on the hosted page, reads the code from
/// the mail a real SMTP server received, chooses a new one and signs in with it; and meets an expired password, which
/// must be changed before the application is reached.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SelfServicePasswordTests(BrowserFixture browser, AuthServerFixture server) : IDisposable
{
    private const string ClientId = "self-service-password";
    private const string CallbackPath = "/e2e-self-service-password/callback";
    private const string FlowId = "self-service-password";

    private readonly MailCatcher _mail = new();

    [Fact]
    public async Task A_person_forgets_the_password_recovers_with_the_mailed_code_and_signs_in_with_the_new_one()
    {
        var (username, address) = await ConfigureAsync("lin", expired: false);
        const string newPassword = "lin-recovered-password-2";
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);

        await page.GotoAsync(AuthorizeUrl());
        await pages.ExpectSignOnStepAsync("Sign in");
        await pages.Username.FillAsync(username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Forgot password?" }).ClickAsync();
        await Expect(pages.Heading).ToHaveTextAsync("Reset your password");
        await Screenshots.SaveAsync(page, "1-reset-your-password");

        await page.GetByLabel("Code").FillAsync(await CodeMailedToAsync(address));
        await page.GetByLabel("New password").FillAsync(newPassword);
        await ExpectArrivalAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Reset password and continue" }).ClickAsync());

        // Later, in another browser: the new password signs in.
        await using var later = await browser.NewContextAsync();
        var again = await later.NewPageAsync();
        await again.GotoAsync(AuthorizeUrl());
        await ExpectArrivalAsync(again, () => new HostedPages(again, server).SubmitPasswordAsync(username, newPassword));
    }

    [Fact]
    public async Task A_person_whose_password_expired_must_change_it_before_reaching_the_application()
    {
        var (username, _) = await ConfigureAsync("max", expired: true);
        const string newPassword = "max-changed-password-2";
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var pages = new HostedPages(page, server);

        await page.GotoAsync(AuthorizeUrl());
        await pages.SubmitPasswordAsync(username, PasswordOf(username));
        await Expect(pages.Heading).ToHaveTextAsync("Your password has expired");
        await page.GetByLabel("Current password").FillAsync(PasswordOf(username));
        await page.GetByLabel("New password").FillAsync(newPassword);
        await ExpectArrivalAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Change password and continue" }).ClickAsync());

        Assert.NotNull(await InDatabaseAsync(db => db.Users.Where(u => u.EnvironmentId == E2EEnvironment.Id && u.Username == username)
            .Select(u => u.PasswordChangedAt).SingleAsync()));
    }

    public void Dispose() => _mail.Dispose();

    /// <summary>
    /// SMTP settings aimed at this test's mail catcher, a user of its own with a verified e-mail address (an expired
    /// password when asked), and the application bound to a flow that offers "Forgot password?" and handles expiry.
    /// </summary>
    private async Task<(string Username, string Address)> ConfigureAsync(string prefix, bool expired)
    {
        var username = $"{prefix}-{Guid.NewGuid():N}"[..16];
        var address = $"{username}@self-service.e2e";
        await using var scope = server.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var actor = new AuditActor("e2e", "PUT", "/e2e");
        var settings = new EmailSettingsResource { Host = "127.0.0.1", Port = _mail.Port, Security = SmtpSecurity.None, FromAddress = "no-reply@flows.e2e" };
        Assert.Null((await services.GetRequiredService<MessagingService>().ChangeEmailAsync(E2EEnvironment.Id, settings, actor, CancellationToken.None)).Error);
        var user = await services.GetRequiredService<UserService>().CreateAsync(
            E2EEnvironment.Id, new NewUser(username) { Password = PasswordOf(username), Email = address }, CancellationToken.None);
        var device = await services.GetRequiredService<ContactDeviceService>().SetAsync(
            E2EEnvironment.Id, user.Id, Flows.Activities.MessagedCodeFields.EmailType, new ContactDeviceRequest { Email = address, Verified = true }, actor, CancellationToken.None);
        Assert.Null(device.Error);
        var db = services.GetRequiredService<ServerDbContext>();
        if (expired)
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set
                .SetProperty(u => u.PasswordChangedAt, DateTimeOffset.UtcNow.AddYears(-11)));
        }

        await services.GetRequiredService<FlowPublisher>().PublishAsync(E2EEnvironment.Id, FlowDefinitionSerializer.Deserialize(FlowJson), "e2e", CancellationToken.None);
        await db.Applications.Where(a => a.EnvironmentId == E2EEnvironment.Id && a.ClientId == ClientId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FlowId, FlowId));
        return (username, address);
    }

    /// <summary>The code of the mail the address received, waiting for it a while: the mail goes out after the answer.</summary>
    private async Task<string> CodeMailedToAsync(string address)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (_mail.To(address).Select(mail => CodePattern().Match(mail.TextBody ?? "").Value).FirstOrDefault(code => code.Length > 0) is { } code)
            {
                return code;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No code reached {address}.");
        return "";
    }

    /// <summary>Runs <paramref name="act"/> and waits until the browser arrives at the application with a code.</summary>
    private async Task ExpectArrivalAsync(IPage page, Func<Task> act)
    {
        var callback = server.Url(CallbackPath);
        var arrived = await page.RunAndWaitForRequestAsync(act, request => request.Url.StartsWith(callback + "?", StringComparison.Ordinal));
        Assert.Contains("code=", arrived.Url, StringComparison.Ordinal);
    }

    private string AuthorizeUrl()
    {
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("N") + "verifier-padding-xx")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return server.Url($"{E2EEnvironment.AuthorizePath}?client_id={ClientId}&redirect_uri={Uri.EscapeDataString(server.Url(CallbackPath))}"
            + $"&response_type=code&scope=openid%20profile&state=s&code_challenge={challenge}&code_challenge_method=S256");
    }

    private static string PasswordOf(string username) => $"{username}-password-1";

    private async Task<T> InDatabaseAsync<T>(Func<ServerDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ServerDbContext>());
    }

    [GeneratedRegex(@"\b[0-9]{6,8}\b")]
    private static partial Regex CodePattern();

    private const string FlowJson = """
        {
          "id": "self-service-password", "version": 0, "name": "Forgot password and expiry", "start": "password",
          "nodes": [
            { "id": "password", "type": "AskForUsernamePassword", "properties": { "offerForgotPassword": true }, "position": { "x": 0, "y": 0 } },
            { "id": "recover", "type": "RecoverPassword", "properties": {}, "position": { "x": 300, "y": 200 } },
            { "id": "newPassword", "type": "AskForNewPassword", "properties": {}, "position": { "x": 300, "y": 100 } },
            { "id": "refused", "type": "Deny", "properties": { "message": "Refused.", "code": "REFUSED" }, "position": { "x": 300, "y": 300 } },
            { "id": "signIn", "type": "SignIn", "properties": {}, "position": { "x": 600, "y": 0 } }
          ],
          "edges": [
            { "from": "password", "outcome": "success", "to": "signIn" },
            { "from": "password", "outcome": "forgotPassword", "to": "recover" },
            { "from": "password", "outcome": "mustChangePassword", "to": "newPassword" },
            { "from": "password", "outcome": "lockedOut", "to": "refused" },
            { "from": "password", "outcome": "disabled", "to": "refused" },
            { "from": "recover", "outcome": "success", "to": "signIn" },
            { "from": "recover", "outcome": "tooManyAttempts", "to": "refused" },
            { "from": "newPassword", "outcome": "success", "to": "signIn" }
          ]
        }
        """;
}
