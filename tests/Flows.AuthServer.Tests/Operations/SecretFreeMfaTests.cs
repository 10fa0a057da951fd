using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// Every second factor in one run, logged at Trace level: a passkey created and used, recovery codes issued and one
/// used, a browser remembered, authenticator apps enrolled through <c>/v1</c> and in a flow, codes entered. None of the
/// password, the authenticator keys, the codes, the recovery codes or the remembered browser's cookie is in the
/// flows' inspection (journal and context), the environment's export or the server's log.
/// </summary>
public sealed class SecretFreeMfaTests(SecretFreeMfaTests.LoggedServer server) : IClassFixture<SecretFreeMfaTests.LoggedServer>, IDisposable
{
    private readonly HttpClient _http = server.CreateRawClient();
    private readonly SoftwareAuthenticator _authenticator = new();
    private readonly List<string> _flowUrls = [];

    private ManagementApi Api => new(_http);

    private string Origin => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task No_password_key_code_recovery_code_or_remembered_device_cookie_is_in_the_journal_the_export_or_the_log()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "mfasecret");
        var secrets = new List<string> { ManagedSignInEnvironment.Password, environment.TotpSecret };
        var codes = new List<string>();
        var path = $"/v1/environments/{environment.Id}/users/{environment.UserId}";
        Assert.Equal(HttpStatusCode.NoContent, (await Api.DeleteAsync($"{path}/mfaDevices/totp", environment.Token)).Status);
        var (adaptive, _) = await environment.CreateApplicationAsync(new { flow = "adaptive-mfa" });
        var (passwordThenOtp, _) = await environment.CreateApplicationAsync(new { flow = "password-then-otp" });

        // A passkey created in the flow, recovery codes shown, the passkey proved and the browser remembered.
        using var first = new Browser(server.BaseAddress);
        var flowUrl = await PasswordAsync(first, environment, adaptive);
        var registering = await ActAsync(first, flowUrl, "enrollment.select", new { type = "passkey" }, "PASSKEY_REGISTRATION_REQUIRED");
        var issued = await ActAsync(first, flowUrl, "passkey.register", new { attestation = _authenticator.Attest(PublicKey(registering), Origin) }, "MFA_RECOVERY_CODES_ISSUED");
        var recoveryCodes = issued["_embedded"]!["recoveryCodes"]!.AsArray().Select(code => code!.GetValue<string>()).ToList();
        secrets.AddRange(recoveryCodes);
        var asserting = await ActAsync(first, flowUrl, "recoveryCodes.acknowledge", new { }, "ASSERTION_REQUIRED");
        await ActAsync(first, flowUrl, "assertion.check", new { assertion = _authenticator.Assert(PublicKey(asserting), Origin) }, "REMEMBER_DEVICE_REQUIRED");
        await ActAsync(first, flowUrl, "device.remember", new { remember = true }, "COMPLETED");
        secrets.Add(first.Cookies.GetAllCookies().Single(cookie => cookie.Name.StartsWith("RD.", StringComparison.Ordinal)).Value);

        // Another browser: the passkey is not at hand, a recovery code replaces it.
        using var second = new Browser(server.BaseAddress);
        flowUrl = await PasswordAsync(second, environment, adaptive);
        await ActAsync(second, flowUrl, "recoveryCode.use", new { }, "MFA_RECOVERY_CODE_REQUIRED");
        await ActAsync(second, flowUrl, "recoveryCode.check", new { recoveryCode = recoveryCodes[3] }, "REMEMBER_DEVICE_REQUIRED");
        await ActAsync(second, flowUrl, "device.remember", new { remember = false }, "COMPLETED");

        // An authenticator app enrolled through /v1, its codes entered in a flow (one wrong first).
        var enrolled = await Api.PostAsync($"{path}/mfaDevices/totp", environment.Token, new { });
        secrets.Add(enrolled.Text("secret"));
        var app = new TotpAuthenticator();
        app.Enroll(enrolled.Text("secret"));
        using var third = new Browser(server.BaseAddress);
        flowUrl = await PasswordAsync(third, environment, passwordThenOtp);
        var code = await app.NextCodeAsync();
        codes.Add(code);
        await ActAsync(third, flowUrl, "otp.check", new { otp = code }, "COMPLETED");

        var inspected = new List<string>();
        foreach (var url in _flowUrls)
        {
            var inspection = await Api.GetAsync($"/v1/environments/{environment.Id}/flowInstances/{url[(url.LastIndexOf('/') + 1)..]}", environment.Token);
            Assert.Equal(HttpStatusCode.OK, inspection.Status);
            inspected.Add(inspection.Body.ToJsonString());
        }

        var export = await Api.GetAsync($"/v1/environments/{environment.Id}/export", environment.Token);
        var texts = new Dictionary<string, string>
        {
            ["inspection"] = string.Join('\n', inspected),
            ["export"] = export.Body.ToJsonString(),
            ["log"] = server.Logs.Text,
        };

        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Contains("recoveryCode.check", texts["inspection"], StringComparison.Ordinal);
        Assert.Contains("device.remember", texts["inspection"], StringComparison.Ordinal);
        Assert.Contains("Microsoft.EntityFrameworkCore", texts["log"], StringComparison.Ordinal);
        foreach (var (name, text) in texts)
        {
            Assert.All(secrets, secret =>
            {
                Assert.True(secret.Length >= 8, "every secret checked is long enough not to occur by chance");
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret is in the {name}");
                // Recovery codes are accepted without dashes and in any case: neither form may appear.
                Assert.False(text.Contains(secret.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase), $"a secret is in the {name}");
            });

            // Six digits occur by chance in any log (times, sizes); as a value of their own, quoted, they must not.
            Assert.All(codes, otp => Assert.False(text.Contains($"\"{otp}\"", StringComparison.Ordinal), $"a one-time code is in the {name}"));
        }
    }

    public void Dispose()
    {
        _authenticator.Dispose();
        _http.Dispose();
    }

    private static JsonObject PublicKey(JsonObject flow) => flow["_embedded"]!["publicKey"]!.AsObject();

    private async Task<string> PasswordAsync(Browser browser, ManagedSignInEnvironment environment, string clientId)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        _flowUrls.Add(flowUrl);
        await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        return flowUrl;
    }

    private static async Task<JsonObject> ActAsync(Browser browser, string flowUrl, string action, object body, string expectedStatus)
    {
        var (_, flow) = await browser.ActAsync(flowUrl, action, body);
        Assert.True(flow["status"]?.GetValue<string>() == expectedStatus, $"{action}: {flow.ToJsonString()}");
        return flow;
    }

    /// <summary>The management test server logging everything at Trace level into <see cref="Logs"/>.</summary>
    public sealed class LoggedServer : ManagementServerFixture
    {
        public CapturingLoggerProvider Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "OpenIddict", "System" })
            {
                builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
            }

            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        }
    }
}
