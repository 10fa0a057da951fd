using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// Passkeys over the flow API, verified by the real WebAuthn relying party against a software authenticator:
/// registration after a password, assertion as a second factor and passwordless, and every response that is not
/// genuine for the step (another challenge or origin, a replay, a counter that went back) refused with a 400 that
/// leaves the flow as it was. Statuses and actions are spelled as the contract spells them.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class PasskeyFlowTests(ManagementServerFixture server) : IDisposable
{
    private readonly HttpClient _http = server.CreateRawClient();
    private readonly SoftwareAuthenticator _authenticator = new();

    private string Origin => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task A_user_without_a_passkey_registers_one_after_the_password_and_is_shown_ten_recovery_codes()
    {
        var (environment, client) = await SetUpAsync("password-then-passkey");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);

        var (_, asked) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        var options = asked["_embedded"]!["publicKey"]!.AsObject();
        var (status, codes) = await browser.ActAsync(flowUrl, "passkey.register", new { attestation = _authenticator.Attest(options, Origin) });
        var (_, completed) = await browser.ActAsync(flowUrl, "recoveryCodes.acknowledge", new { });
        var listed = await new ManagementApi(_http).GetAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/passkeys", environment.Token);

        Assert.Equal("PASSKEY_REGISTRATION_REQUIRED", asked["status"]!.GetValue<string>());
        Assert.Equal(new Uri(Origin).Host, options["rp"]!["id"]!.GetValue<string>());
        Assert.Equal("none", options["attestation"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "MFA_RECOVERY_CODES_ISSUED"), (status, codes["status"]!.GetValue<string>()));
        Assert.Equal(10, codes["_embedded"]!["recoveryCodes"]!.AsArray().Count);
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal(_authenticator.CredentialIdText, Assert.Single(listed.Body["items"]!.AsArray())!["credentialId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_registered_passkey_is_the_second_factor_after_the_password_and_tokens_say_swk_and_mfa()
    {
        var (environment, client) = await SetUpAsync("password-then-passkey");
        await RegisterAsync(environment, client.ClientId);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);

        var (_, asked) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        var options = asked["_embedded"]!["publicKey"]!.AsObject();
        var (status, completed) = await browser.ActAsync(flowUrl, "assertion.check", new { assertion = _authenticator.Assert(options, Origin) });
        var tokens = await environment.RedeemAsync(_http, await SignIn.ResumeAsync(browser, completed), client.ClientId, client.Secret);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());

        Assert.Equal("ASSERTION_REQUIRED", asked["status"]!.GetValue<string>());
        Assert.Equal(_authenticator.CredentialIdText, Assert.Single(options["allowCredentials"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, "COMPLETED"), (status, completed["status"]!.GetValue<string>()));
        Assert.Equal(["pwd", "swk", "user", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
        Assert.Equal("mfa", idToken.GetClaim("acr").Value);
    }

    [Fact]
    public async Task A_discoverable_passkey_signs_in_without_a_username_as_the_user_it_names()
    {
        var (environment, registering) = await SetUpAsync("password-then-passkey");
        await RegisterAsync(environment, registering.ClientId);
        var passwordless = await environment.CreateApplicationAsync(new { flow = "passkey-passwordless" });
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, passwordless.ClientId);

        var (_, asked) = await browser.GetFlowAsync(flowUrl);
        var options = asked["_embedded"]!["publicKey"]!.AsObject();
        var (_, completed) = await browser.ActAsync(flowUrl, "assertion.check", new { assertion = _authenticator.Assert(options, Origin, userVerified: true) });
        var tokens = await environment.RedeemAsync(_http, await SignIn.ResumeAsync(browser, completed), passwordless.ClientId, passwordless.Secret);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());

        Assert.Equal("ASSERTION_REQUIRED", asked["status"]!.GetValue<string>());
        Assert.Empty(options["allowCredentials"]!.AsArray());
        Assert.Equal("required", options["userVerification"]!.GetValue<string>());
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal(environment.UserId, idToken.Subject);
        Assert.Equal(["swk", "user", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
    }

    [Fact]
    public async Task An_assertion_for_another_challenge_is_refused_and_the_flow_is_unchanged()
    {
        var (browser, flowUrl, before) = await AtAssertionAsync();
        using var _ = browser;
        var options = before["_embedded"]!["publicKey"]!.AsObject();

        var (status, problem) = await browser.ActAsync(flowUrl, "assertion.check",
            new { assertion = _authenticator.Assert(options, Origin, challenge: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA") });

        await AssertRefusedAndUnchangedAsync(browser, flowUrl, before, status, problem);
    }

    [Fact]
    public async Task An_assertion_made_for_another_origin_is_refused_and_the_flow_is_unchanged()
    {
        var (browser, flowUrl, before) = await AtAssertionAsync();
        using var _ = browser;
        var options = before["_embedded"]!["publicKey"]!.AsObject();

        var (status, problem) = await browser.ActAsync(flowUrl, "assertion.check", new { assertion = _authenticator.Assert(options, "https://evil.example") });

        await AssertRefusedAndUnchangedAsync(browser, flowUrl, before, status, problem);
    }

    [Fact]
    public async Task An_assertion_replayed_in_a_later_sign_in_is_refused()
    {
        var (environment, client) = await SetUpAsync("password-then-passkey");
        await RegisterAsync(environment, client.ClientId);
        JsonObject used;
        using (var first = new Browser(server.BaseAddress))
        {
            var firstFlow = await StartAsync(first, environment, client.ClientId);
            var (_, asked) = await first.ActAsync(firstFlow, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
            used = _authenticator.Assert(asked["_embedded"]!["publicKey"]!.AsObject(), Origin);
            Assert.Equal("COMPLETED", (await first.ActAsync(firstFlow, "assertion.check", new { assertion = used })).Body["status"]!.GetValue<string>());
        }

        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);
        var (_, before) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        var (status, problem) = await browser.ActAsync(flowUrl, "assertion.check", new { assertion = used });

        await AssertRefusedAndUnchangedAsync(browser, flowUrl, before, status, problem);
    }

    [Fact]
    public async Task A_signature_counter_that_went_back_is_refused_as_a_cloned_key()
    {
        var (browser, flowUrl, before) = await AtAssertionAsync(signInsBefore: 1);
        using var _ = browser;
        _authenticator.Counter = 1;

        var (status, problem) = await browser.ActAsync(flowUrl, "assertion.check",
            new { assertion = _authenticator.Assert(before["_embedded"]!["publicKey"]!.AsObject(), Origin) });

        await AssertRefusedAndUnchangedAsync(browser, flowUrl, before, status, problem);
        Assert.Contains("counter", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosted_passkey_page_runs_only_its_own_script_and_other_pages_none()
    {
        var ((browser, flowUrl, _), environment, clientId) = await AtAssertionInAsync(signInsBefore: 0);
        using var _ = browser;
        using var other = new Browser(server.BaseAddress);
        var otherFlow = await StartAsync(other, environment, clientId);

        using var passkeyPage = await browser.GetAsync(SignOnPage(flowUrl));
        var html = await passkeyPage.Content.ReadAsStringAsync();
        using var script = await browser.GetAsync("/js/passkey.js");
        using var passwordPage = await other.GetAsync(SignOnPage(otherFlow));

        Assert.Contains("script-src 'self'", passkeyPage.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("/js/passkey.js", html, StringComparison.Ordinal);
        Assert.Contains("This browser can't use passkeys", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.DoesNotContain("script-src", passwordPage.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_passkey_on_the_hosted_page_shows_the_step_again_with_the_reason()
    {
        var (browser, flowUrl, before) = await AtAssertionAsync();
        using var _ = browser;
        var pageUrl = SignOnPage(flowUrl);
        var form = await HostedPageForm.OpenAsync(browser, pageUrl);
        var values = new Dictionary<string, string>(form.Hidden)
        {
            ["assertion"] = _authenticator.Assert(before["_embedded"]!["publicKey"]!.AsObject(), Origin, challenge: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").ToJsonString(),
        };

        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new FormUrlEncodedContent(values) });
        var html = await response.Content.ReadAsStringAsync();
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not for this sign-in", html, StringComparison.Ordinal);
        Assert.Contains("Sign in with a passkey", html, StringComparison.Ordinal);
        Assert.Equal(before["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
    }

    public void Dispose()
    {
        _authenticator.Dispose();
        _http.Dispose();
    }

    /// <summary>A flow waiting on the passkey of a user who has one, after <paramref name="signInsBefore"/> sign-ins with it.</summary>
    private async Task<(Browser Browser, string FlowUrl, JsonObject Flow)> AtAssertionAsync(int signInsBefore = 0) =>
        (await AtAssertionInAsync(signInsBefore)).Flow;

    private async Task<((Browser Browser, string FlowUrl, JsonObject Flow) Flow, ManagedSignInEnvironment Environment, string ClientId)> AtAssertionInAsync(int signInsBefore)
    {
        var (environment, client) = await SetUpAsync("password-then-passkey");
        await RegisterAsync(environment, client.ClientId);
        for (var i = 0; i < signInsBefore; i++)
        {
            using var earlier = new Browser(server.BaseAddress);
            var earlierFlow = await StartAsync(earlier, environment, client.ClientId);
            var (_, asked) = await earlier.ActAsync(earlierFlow, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
            await earlier.ActAsync(earlierFlow, "assertion.check", new { assertion = _authenticator.Assert(asked["_embedded"]!["publicKey"]!.AsObject(), Origin) });
        }

        var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, client.ClientId);
        var (_, flow) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        Assert.Equal("ASSERTION_REQUIRED", flow["status"]!.GetValue<string>());
        return ((browser, flowUrl, flow), environment, client.ClientId);
    }

    private static async Task AssertRefusedAndUnchangedAsync(Browser browser, string flowUrl, JsonObject before, HttpStatusCode status, JsonObject problem)
    {
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("ACTION_REFUSED", "INVALID_PASSKEY"), (problem["code"]!.GetValue<string>(), problem["reason"]!.GetValue<string>()));
        Assert.Equal("ASSERTION_REQUIRED", after["status"]!.GetValue<string>());
        Assert.Null(after["error"]);
        Assert.Equal(before["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
    }

    /// <summary>Registers the authenticator's passkey for erin in a sign-in of its own.</summary>
    private async Task RegisterAsync(ManagedSignInEnvironment environment, string clientId)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, clientId);
        var (_, asked) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        var (status, issued) = await browser.ActAsync(flowUrl, "passkey.register", new { attestation = _authenticator.Attest(asked["_embedded"]!["publicKey"]!.AsObject(), Origin) });
        Assert.True(status == HttpStatusCode.OK && issued["status"]!.GetValue<string>() == "MFA_RECOVERY_CODES_ISSUED", issued.ToJsonString());
        await browser.ActAsync(flowUrl, "recoveryCodes.acknowledge", new { });
    }

    private static string SignOnPage(string flowUrl) => flowUrl.Replace("/flows/", "/signon?flowId=", StringComparison.Ordinal);

    private async Task<string> StartAsync(Browser browser, ManagedSignInEnvironment environment, string clientId) =>
        environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));

    private async Task<(ManagedSignInEnvironment Environment, (string ClientId, string Secret) Client)> SetUpAsync(string flow)
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(new ManagementApi(_http), "passkeys");
        return (environment, await environment.CreateApplicationAsync(new { flow }));
    }
}
