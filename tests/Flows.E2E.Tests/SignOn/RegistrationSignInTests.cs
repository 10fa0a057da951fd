using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Messaging;
using Flows.E2E.Tests.Browser;
using Flows.E2E.Tests.Server;
using Flows.Engine.Definitions;
using Flows.Engine.Runtime;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using netDumbster.smtp;
using static Microsoft.Playwright.Assertions;

namespace Flows.E2E.Tests.SignOn;

/// <summary>
/// A person creates an account on the shipped customer-sign-in flow: registers with an e-mail address, types the code
/// that a real SMTP server received, accepts the terms, completes the profile, lands at the application with a code
/// the application exchanges for tokens, and signs out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RegistrationSignInTests(BrowserFixture browser, AuthServerFixture server)
{
    private const string ClientId = "self-service";
    private const string CallbackPath = "/e2e-self-service/callback";
    private const string SignedOutPath = "/e2e-self-service/signed-out";
    private const string Username = "mira";
    private const string Email = "mira@register.e2e";
    private const string Password = "mira-password-for-e2e-1";

    [Fact]
    public async Task A_person_registers_verifies_the_address_accepts_the_terms_completes_the_profile_and_signs_in_and_out()
    {
        using var smtp = SimpleSmtpServer.Start(FreePort());
        await ConfigureAsync(smtp.Configuration.Port);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var callback = server.Url(CallbackPath);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));

        // The identifier page offers to create an account; the form says what a password must be.
        await page.GotoAsync(server.Url($"{E2EEnvironment.AuthorizePath}?{AuthorizeQuery(callback, verifier)}"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create an account");
        await Expect(page.GetByText("At least 8 characters, and not your username.")).ToBeVisibleAsync();
        await page.GetByLabel("Username").FillAsync(Username);
        await page.GetByLabel("E-mail").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        // The code arrives by e-mail and is typed as a person would.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verify your e-mail address");
        await page.GetByLabel("Verification code").FillAsync(await CodeAsync(smtp));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.GetByText("Be kind to each other.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync("Mira");
        await page.GetByLabel("Last name").FillAsync("Alfassa");
        var arrived = await page.RunAndWaitForRequestAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync(),
            request => request.Url.StartsWith(callback + "?", StringComparison.Ordinal));
        var parameters = new Uri(arrived.Url).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var (idToken, rawIdToken) = await RedeemAsync(parameters["code"], callback, verifier);
        var mira = await InDatabaseAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.EnvironmentId == E2EEnvironment.Id && u.Username == Username));

        Assert.Equal("self-service-state", parameters["state"]);
        Assert.Equal(mira.Id, idToken["sub"]!.GetValue<string>());
        Assert.True(mira.Enabled);
        Assert.Equal("Alfassa", mira.Attributes["family_name"]);

        // Signing out ends the session and returns to the application.
        var signedOut = server.Url(SignedOutPath);
        var signoff = server.Url($"/{E2EEnvironment.Id}/as/signoff?id_token_hint={rawIdToken}&post_logout_redirect_uri={Uri.EscapeDataString(signedOut)}&state=bye");
        var left = await page.RunAndWaitForRequestAsync(async () =>
        {
            try
            {
                await page.GotoAsync(signoff);
            }
            catch (PlaywrightException)
            {
                // The application's page is not served here (404): the browser arriving there is what counts.
            }
        }, request => request.Url.StartsWith(signedOut, StringComparison.Ordinal));
        Assert.Contains("state=bye", left.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync(), cookie => cookie.Name == "ST" && cookie.Path == $"/{E2EEnvironment.Id}" && cookie.Value.Length > 0);
    }

    /// <summary>SMTP aimed at the catcher, and the application bound to the shipped customer-sign-in flow.</summary>
    private async Task ConfigureAsync(int smtpPort)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var changed = await scope.ServiceProvider.GetRequiredService<MessagingService>().ChangeEmailAsync(E2EEnvironment.Id,
            new EmailSettingsResource { Host = "127.0.0.1", Port = smtpPort, Security = "None", FromAddress = "no-reply@e2e.example" },
            new AuditActor("e2e", "PUT", "/e2e"), CancellationToken.None);
        Assert.Null(changed.Error);
        var flow = FlowDefinitionSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Workflows, "customer-sign-in.json")));
        await scope.ServiceProvider.GetRequiredService<FlowPublisher>().PublishAsync(E2EEnvironment.Id, flow, "e2e", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Applications
            .Where(a => a.EnvironmentId == E2EEnvironment.Id && a.ClientId == ClientId)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FlowId, flow.Id));
    }

    private static async Task<string> CodeAsync(SimpleSmtpServer smtp)
    {
        for (var waited = 0; waited < 100; waited++)
        {
            if (smtp.ReceivedEmail.FirstOrDefault(mail => mail.ToAddresses.Any(a => a.Address == Email)) is { } mail
                && CodePattern().Match(mail.MessageParts[0].BodyData) is { Success: true } code)
            {
                return code.Value;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No code reached {Email}.");
        return "";
    }

    private static string AuthorizeQuery(string callback, string verifier) => string.Join("&", new Dictionary<string, string>
    {
        ["client_id"] = ClientId,
        ["redirect_uri"] = callback,
        ["response_type"] = "code",
        ["scope"] = "openid profile email",
        ["state"] = "self-service-state",
        ["nonce"] = "self-service-nonce",
        ["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
        ["code_challenge_method"] = "S256",
    }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>Redeems the code as the (public) application does; returns the ID token's payload and the token itself.</summary>
    private async Task<(JsonObject Payload, string Raw)> RedeemAsync(string code, string callback, string verifier)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(server.Url($"/{E2EEnvironment.Id}/as/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = callback, ["client_id"] = ClientId, ["code_verifier"] = verifier,
        }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        var raw = body["id_token"]!.GetValue<string>();
        var payload = raw.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return (JsonNode.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')))!.AsObject(), raw);
    }

    private async Task<T> InDatabaseAsync<T>(Func<ServerDbContext, Task<T>> query)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ServerDbContext>());
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"\b[0-9]{6,8}\b")]
    private static partial Regex CodePattern();
}
