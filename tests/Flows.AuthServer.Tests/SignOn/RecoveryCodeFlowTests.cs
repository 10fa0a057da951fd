using System.Net;
using System.Text.Json.Nodes;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// MFA recovery codes over real HTTP: a code in place of the passkey works once, <c>/v1</c> issues a new set (the old
/// one stops working) and lists and removes passkeys, and neither the codes nor a passkey response reach the flow's
/// journal or its inspection by an operator.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class RecoveryCodeFlowTests(ManagementServerFixture server) : IDisposable
{
    private readonly HttpClient _http = server.CreateRawClient();
    private readonly SoftwareAuthenticator _authenticator = new();

    private ManagementApi Api => new(_http);

    private string Origin => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task A_recovery_code_replaces_the_passkey_once()
    {
        var (environment, clientId, codes) = await RegisteredAsync();

        var (status, signedIn) = await SignInWithCodeAsync(environment, clientId, codes[4]);
        var (_, again) = await SignInWithCodeAsync(environment, clientId, codes[4]);
        var left = await Api.GetAsync($"/v1/environments/{environment.Id}/users/{environment.UserId}/recoveryCodes", environment.Token);

        Assert.Equal((HttpStatusCode.OK, "COMPLETED"), (status, signedIn["status"]!.GetValue<string>()));
        Assert.Equal("MFA_RECOVERY_CODE_REQUIRED", again["status"]!.GetValue<string>());
        Assert.Equal("INVALID_RECOVERY_CODE", again["error"]!["code"]!.GetValue<string>());
        Assert.Equal(9, left.Body["remaining"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_recovery_code_step_has_its_own_status_and_not_the_password_recovery_one()
    {
        var (environment, clientId, _) = await RegisteredAsync();
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await AtPasskeyAsync(browser, environment, clientId);

        var (_, asked) = await browser.ActAsync(flowUrl, "recoveryCode.use", new { });
        var (_, wrong) = await browser.ActAsync(flowUrl, "recoveryCode.check", new { recoveryCode = "0000-0000-0000-0000" });

        Assert.Equal("MFA_RECOVERY_CODE_REQUIRED", asked["status"]!.GetValue<string>());
        Assert.NotNull(asked["_links"]!["recoveryCode.check"]);
        Assert.Equal(5, asked["_embedded"]!["remainingAttempts"]!.GetValue<int>());
        Assert.Equal(4, wrong["_embedded"]!["remainingAttempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task New_codes_through_v1_are_shown_once_and_the_old_ones_stop_working()
    {
        var (environment, clientId, old) = await RegisteredAsync();
        var path = $"/v1/environments/{environment.Id}/users/{environment.UserId}/recoveryCodes";

        var issued = await Api.PostAsync(path, environment.Token, new { });
        var fresh = issued.Body["recoveryCodes"]!.AsArray().Select(code => code!.GetValue<string>()).ToList();
        var (_, withOld) = await SignInWithCodeAsync(environment, clientId, old[0]);
        var (_, withNew) = await SignInWithCodeAsync(environment, clientId, fresh[0].ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Created, issued.Status);
        Assert.Equal(10, fresh.Distinct().Count());
        Assert.All(fresh, code => Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$", code));
        Assert.Equal("INVALID_RECOVERY_CODE", withOld["error"]!["code"]!.GetValue<string>());
        Assert.Equal("COMPLETED", withNew["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_passkey_removed_through_v1_signs_in_no_more()
    {
        var (environment, clientId, _) = await RegisteredAsync();
        var path = $"/v1/environments/{environment.Id}/users/{environment.UserId}/passkeys";
        var listed = await Api.GetAsync(path, environment.Token);
        var passkey = Assert.Single(listed.Body["items"]!.AsArray())!;

        var removed = await Api.DeleteAsync($"{path}/{passkey["id"]!.GetValue<string>()}", environment.Token);
        var again = await Api.DeleteAsync($"{path}/{passkey["id"]!.GetValue<string>()}", environment.Token);
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, next) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });

        Assert.Null(passkey["publicKey"]);
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal("PASSKEY_REGISTRATION_REQUIRED", next["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Neither_recovery_codes_nor_passkey_responses_reach_the_journal_or_the_inspection()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "mfasecrets");
        var client = await environment.CreateApplicationAsync(new { flow = "password-then-passkey" });
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(client.ClientId)));
        var (_, asked) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        var attestation = _authenticator.Attest(asked["_embedded"]!["publicKey"]!.AsObject(), Origin);
        var (_, issued) = await browser.ActAsync(flowUrl, "passkey.register", new { attestation });
        var codes = issued["_embedded"]!["recoveryCodes"]!.AsArray().Select(code => code!.GetValue<string>()).ToList();

        var inspected = await Api.GetAsync($"/v1/environments/{environment.Id}/flowInstances/{flowUrl[(flowUrl.LastIndexOf('/') + 1)..]}", environment.Token);
        var text = inspected.Body.ToJsonString();

        Assert.Equal(HttpStatusCode.OK, inspected.Status);
        Assert.Equal("MFA_RECOVERY_CODES_ISSUED", issued["status"]!.GetValue<string>());
        Assert.All(codes, code => Assert.DoesNotContain(code, text, StringComparison.Ordinal));
        Assert.DoesNotContain(attestation["response"]!["attestationObject"]!.GetValue<string>(), text, StringComparison.Ordinal);
        Assert.Contains("passkey.register", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _authenticator.Dispose();
        _http.Dispose();
    }

    /// <summary>An environment whose user erin registered the authenticator's passkey, with the codes shown then.</summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId, IReadOnlyList<string> Codes)> RegisteredAsync()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "recovery");
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "password-then-passkey" });
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, asked) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        var (_, issued) = await browser.ActAsync(flowUrl, "passkey.register", new { attestation = _authenticator.Attest(asked["_embedded"]!["publicKey"]!.AsObject(), Origin) });
        await browser.ActAsync(flowUrl, "recoveryCodes.acknowledge", new { });
        return (environment, clientId, issued["_embedded"]!["recoveryCodes"]!.AsArray().Select(code => code!.GetValue<string>()).ToList());
    }

    private async Task<string> AtPasskeyAsync(Browser browser, ManagedSignInEnvironment environment, string clientId)
    {
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
        var (_, asked) = await browser.ActAsync(flowUrl, "usernamePassword.check", new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });
        Assert.Equal("ASSERTION_REQUIRED", asked["status"]!.GetValue<string>());
        return flowUrl;
    }

    private async Task<(HttpStatusCode Status, JsonObject Flow)> SignInWithCodeAsync(ManagedSignInEnvironment environment, string clientId, string code)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await AtPasskeyAsync(browser, environment, clientId);
        await browser.ActAsync(flowUrl, "recoveryCode.use", new { });
        return await browser.ActAsync(flowUrl, "recoveryCode.check", new { recoveryCode = code });
    }
}
