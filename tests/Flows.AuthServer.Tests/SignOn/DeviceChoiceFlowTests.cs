using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// Choosing a device and choosing what to enrol, over real HTTP: the shipped adaptive flow for a user without a device
/// (a passkey or an authenticator app, as chosen), a flow with the device choice for a user with both, refused
/// choices, and the hosted pages that post the same answers without JavaScript.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed partial class DeviceChoiceFlowTests(ManagementServerFixture server) : IDisposable
{
    private const string ChoiceFlow = """
        {
          "id": "{id}", "version": 0, "name": "Password, then the chosen device", "start": "password",
          "nodes": [
            { "id": "password", "type": "AskForUsernamePassword", "name": "Password", "properties": {} },
            { "id": "choose", "type": "ChooseDevice", "name": "Choose a device", "properties": {} },
            { "id": "otp", "type": "AskForOtp", "name": "Code", "properties": {} },
            { "id": "passkey", "type": "AskForPasskey", "name": "Passkey", "properties": {} },
            { "id": "signIn", "type": "SignIn", "name": "Sign in", "properties": {} },
            { "id": "deny", "type": "Deny", "name": "Deny", "properties": { "message": "No device.", "code": "NO_DEVICE" } }
          ],
          "edges": [
            { "from": "password", "outcome": "success", "to": "choose" },
            { "from": "password", "outcome": "lockedOut", "to": "deny" },
            { "from": "password", "outcome": "disabled", "to": "deny" },
            { "from": "password", "outcome": "mustChangePassword", "to": "deny" },
            { "from": "choose", "outcome": "totp", "to": "otp" },
            { "from": "choose", "outcome": "passkey", "to": "passkey" },
            { "from": "choose", "outcome": "noDevice", "to": "deny" },
            { "from": "otp", "outcome": "success", "to": "signIn" },
            { "from": "otp", "outcome": "tooManyAttempts", "to": "deny" },
            { "from": "otp", "outcome": "noDevice", "to": "deny" },
            { "from": "passkey", "outcome": "success", "to": "signIn" },
            { "from": "passkey", "outcome": "noPasskey", "to": "deny" },
            { "from": "passkey", "outcome": "useRecoveryCode", "to": "deny" },
            { "from": "passkey", "outcome": "disabled", "to": "deny" }
          ]
        }
        """;

    private readonly HttpClient _http = server.CreateRawClient();
    private readonly SoftwareAuthenticator _authenticator = new();

    private ManagementApi Api => new(_http);

    private string Origin => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task A_user_without_a_device_chooses_a_passkey_creates_it_and_signs_in_with_it_from_then_on()
    {
        var (environment, clientId) = await WithoutDeviceAsync();
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, offered) = await PasswordAsync(browser, environment, clientId);
        var (_, registering) = await browser.ActAsync(flowUrl, "enrollment.select", new { type = "passkey" });
        var (_, issued) = await browser.ActAsync(flowUrl, "passkey.register", new { attestation = _authenticator.Attest(PublicKey(registering), Origin) });
        var (_, asserting) = await browser.ActAsync(flowUrl, "recoveryCodes.acknowledge", new { });
        var (_, remember) = await browser.ActAsync(flowUrl, "assertion.check", new { assertion = _authenticator.Assert(PublicKey(asserting), Origin) });
        using var later = new Browser(server.BaseAddress);
        var (_, next) = await PasswordAsync(later, environment, clientId);

        Assert.Equal("MFA_ENROLLMENT_SELECTION_REQUIRED", offered["status"]!.GetValue<string>());
        Assert.Equal(["totp", "passkey"], offered["_embedded"]!["types"]!.AsArray().Select(type => type!.GetValue<string>()));
        Assert.NotNull(offered["_links"]!["enrollment.select"]);
        Assert.Equal("PASSKEY_REGISTRATION_REQUIRED", registering["status"]!.GetValue<string>());
        Assert.Equal("MFA_RECOVERY_CODES_ISSUED", issued["status"]!.GetValue<string>());
        Assert.Equal("ASSERTION_REQUIRED", asserting["status"]!.GetValue<string>());
        Assert.Equal("REMEMBER_DEVICE_REQUIRED", remember["status"]!.GetValue<string>());
        Assert.Equal("ASSERTION_REQUIRED", next["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_without_a_device_may_set_up_an_authenticator_app_instead()
    {
        var (environment, clientId) = await WithoutDeviceAsync();
        using var browser = new Browser(server.BaseAddress);
        var app = new TotpAuthenticator();

        var (flowUrl, _) = await PasswordAsync(browser, environment, clientId);
        var (_, enrolling) = await browser.ActAsync(flowUrl, "enrollment.select", new { type = "totp" });
        app.Enroll(enrolling["_embedded"]!["secret"]!.GetValue<string>());
        var (_, issued) = await browser.ActAsync(flowUrl, "otp.enroll", new { otp = await app.NextCodeAsync() });
        var (_, remember) = await browser.ActAsync(flowUrl, "recoveryCodes.acknowledge", new { });
        var (_, completed) = await browser.ActAsync(flowUrl, "device.remember", new { remember = false });
        using var later = new Browser(server.BaseAddress);
        var (_, next) = await PasswordAsync(later, environment, clientId);

        Assert.Equal("OTP_ENROLLMENT_REQUIRED", enrolling["status"]!.GetValue<string>());
        Assert.Equal("MFA_RECOVERY_CODES_ISSUED", issued["status"]!.GetValue<string>());
        Assert.Equal("REMEMBER_DEVICE_REQUIRED", remember["status"]!.GetValue<string>());
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal("OTP_REQUIRED", next["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_enrolment_choice_not_offered_keeps_the_step_with_an_error()
    {
        var (environment, clientId) = await WithoutDeviceAsync();
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, _) = await PasswordAsync(browser, environment, clientId);
        var (_, refused) = await browser.ActAsync(flowUrl, "enrollment.select", new { type = "recoveryCodes" });

        Assert.Equal("MFA_ENROLLMENT_SELECTION_REQUIRED", refused["status"]!.GetValue<string>());
        Assert.Equal("INVALID_REQUEST", refused["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_with_a_passkey_and_an_authenticator_chooses_one_and_that_factor_follows()
    {
        var (environment, choiceClient, app) = await WithBothDevicesAsync();
        using var browser = new Browser(server.BaseAddress);

        var (flowUrl, listed) = await PasswordAsync(browser, environment, choiceClient);
        var devices = listed["_embedded"]!["devices"]!.AsArray().Select(device => device!.AsObject()).ToList();
        var (_, unknown) = await browser.ActAsync(flowUrl, "device.select", new { device = new { id = "not-a-device" } });
        var (_, otp) = await browser.ActAsync(flowUrl, "device.select", new { device = new { id = "totp" } });
        var (_, completed) = await browser.ActAsync(flowUrl, "otp.check", new { otp = await app.NextCodeAsync() });
        using var another = new Browser(server.BaseAddress);
        var (otherFlow, _) = await PasswordAsync(another, environment, choiceClient);
        var (_, passkey) = await another.ActAsync(otherFlow, "device.select", new { device = new { id = devices[0]["id"]!.GetValue<string>() } });

        Assert.Equal("DEVICE_SELECTION_REQUIRED", listed["status"]!.GetValue<string>());
        Assert.NotNull(listed["_links"]!["device.select"]);
        Assert.Equal(["passkey", "totp"], devices.Select(device => device["type"]!.GetValue<string>()));
        Assert.StartsWith("Passkey added ", devices[0]["name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Authenticator app", devices[1]["name"]!.GetValue<string>());
        Assert.All(devices, device => Assert.Equal(["createdAt", "id", "name", "type"], device.Select(pair => pair.Key).Order()));
        Assert.Equal("DEVICE_SELECTION_REQUIRED", unknown["status"]!.GetValue<string>());
        Assert.Equal("INVALID_REQUEST", unknown["error"]!["code"]!.GetValue<string>());
        Assert.Equal("OTP_REQUIRED", otp["status"]!.GetValue<string>());
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal("ASSERTION_REQUIRED", passkey["status"]!.GetValue<string>());
        Assert.Single(passkey["_embedded"]!["publicKey"]!["allowCredentials"]!.AsArray());
    }

    [Fact]
    public async Task The_hosted_pages_offer_each_choice_as_a_button_and_post_it_with_antiforgery()
    {
        var (environment, choiceClient, _) = await WithBothDevicesAsync();
        using var browser = new Browser(server.BaseAddress);
        var (flowUrl, _) = await PasswordAsync(browser, environment, choiceClient);
        var page = $"/{environment.Id}/signon?flowId={flowUrl[(flowUrl.LastIndexOf('/') + 1)..]}";

        var html = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        var form = HostedPageForm.Read(html);
        using var withoutToken = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, form.Action)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["deviceId"] = "totp" }),
        });
        using var chosen = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, form.Action)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(form.Hidden) { ["deviceId"] = "totp" }),
        });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Contains("Choose a device", html, StringComparison.Ordinal);
        Assert.Contains(">Authenticator app</button>", html, StringComparison.Ordinal);
        Assert.Matches(PasskeyButton(), html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal("OTP_REQUIRED", after["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_hosted_enrolment_choice_and_remember_step_post_their_answers()
    {
        var (environment, clientId) = await WithoutDeviceAsync();
        using var browser = new Browser(server.BaseAddress);
        var app = new TotpAuthenticator();
        var (flowUrl, _) = await PasswordAsync(browser, environment, clientId);
        var page = $"/{environment.Id}/signon?flowId={flowUrl[(flowUrl.LastIndexOf('/') + 1)..]}";

        var choiceHtml = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        var choice = HostedPageForm.Read(choiceHtml);
        using var _ = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, choice.Action)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(choice.Hidden) { ["type"] = "totp" }),
        });
        var (_, enrolling) = await browser.GetFlowAsync(flowUrl);
        app.Enroll(enrolling["_embedded"]!["secret"]!.GetValue<string>());
        await browser.ActAsync(flowUrl, "otp.enroll", new { otp = await app.NextCodeAsync() });
        await browser.ActAsync(flowUrl, "recoveryCodes.acknowledge", new { });
        var rememberHtml = await (await browser.GetAsync(page)).Content.ReadAsStringAsync();
        using var remembered = await HostedPageForm.Read(rememberHtml).SubmitAsync(browser, new Dictionary<string, string> { ["remember"] = "true" });
        using var later = new Browser(server.BaseAddress);
        foreach (var cookie in browser.Cookies.GetAllCookies().Where(cookie => cookie.Name.StartsWith("RD.", StringComparison.Ordinal)))
        {
            later.Cookies.Add(cookie);
        }

        var (_, skipped) = await PasswordAsync(later, environment, clientId);

        Assert.Contains(">An authenticator app</button>", choiceHtml, StringComparison.Ordinal);
        Assert.Contains(">A passkey</button>", choiceHtml, StringComparison.Ordinal);
        Assert.Equal("OTP_ENROLLMENT_REQUIRED", enrolling["status"]!.GetValue<string>());
        Assert.Contains("Remember this device", rememberHtml, StringComparison.Ordinal);
        Assert.Contains("30 days", rememberHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, remembered.StatusCode);
        Assert.Equal("COMPLETED", skipped["status"]!.GetValue<string>());
    }

    public void Dispose()
    {
        _authenticator.Dispose();
        _http.Dispose();
    }

    private static JsonObject PublicKey(JsonObject flow) => flow["_embedded"]!["publicKey"]!.AsObject();

    /// <summary>An environment whose erin has no device, and an application on the adaptive flow.</summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId)> WithoutDeviceAsync()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "choice");
        var removed = await Api.DeleteAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/mfaDevices/totp", environment.Token);
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "adaptive-mfa" });
        return (environment, clientId);
    }

    /// <summary>
    /// An environment whose erin registered the authenticator's passkey (through the adaptive flow) and then got an
    /// authenticator app through <c>/v1</c>, with an application on a flow that lets the user choose between them.
    /// </summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId, TotpAuthenticator App)> WithBothDevicesAsync()
    {
        var (environment, adaptiveClient) = await WithoutDeviceAsync();
        using (var browser = new Browser(server.BaseAddress))
        {
            var (flowUrl, _) = await PasswordAsync(browser, environment, adaptiveClient);
            var (_, registering) = await browser.ActAsync(flowUrl, "enrollment.select", new { type = "passkey" });
            var (_, issued) = await browser.ActAsync(flowUrl, "passkey.register", new { attestation = _authenticator.Attest(PublicKey(registering), Origin) });
            Assert.Equal("MFA_RECOVERY_CODES_ISSUED", issued["status"]!.GetValue<string>());
        }

        var enrolled = await Api.PostAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/mfaDevices/totp", environment.Token, new { });
        var app = new TotpAuthenticator();
        app.Enroll(enrolled.Text("secret"));
        var flowId = FlowTestDefinitions.NewId();
        var flows = $"/v1/environments/{environment.Id}/flows";
        Assert.Equal(HttpStatusCode.Created, (await Api.SendAsync(HttpMethod.Post, flows, environment.Token, ChoiceFlow.Replace("{id}", flowId, StringComparison.Ordinal))).Status);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync($"{flows}/{flowId}/publish", environment.Token, new { note = "choice" })).Status);
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = flowId });
        return (environment, clientId, app);
    }

    private static async Task<(string FlowUrl, JsonObject Flow)> PasswordAsync(Browser browser, ManagedSignInEnvironment environment, string clientId)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, flow) = await browser.ActAsync(flowUrl, "usernamePassword.check",
            new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        return (flowUrl, flow);
    }

    [GeneratedRegex(">Passkey added [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4}</button>")]
    private static partial Regex PasskeyButton();
}
