using System.Net;
using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.SignOn;

/// <summary>
/// A passkey never switches the flow's user: once an identifier was given (identifier first) or a password proved
/// (second factor), the passkey step asks for that user's passkeys only and refuses another user's passkey as it
/// refuses a wrong one, leaving the flow as it was. Over real HTTP with the real relying party and two users who
/// each have a discoverable passkey.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class PasskeyUserBindingTests(ManagementServerFixture server) : IDisposable
{
    private const string Mallory = "mallory";
    private const string MalloryPassword = "mallory-password-1";

    private readonly HttpClient _http = server.CreateRawClient();
    private readonly SoftwareAuthenticator _erins = new();
    private readonly SoftwareAuthenticator _mallorys = new();

    private string Origin => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task After_the_identifier_the_passkey_step_asks_for_that_users_passkeys_only()
    {
        var (environment, clientId) = await SetUpAsync("bindlist");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, clientId);

        var (_, asked) = await browser.ActAsync(flowUrl, FlowActions.UserLookup, new { username = ManagedSignInEnvironment.Username });
        var allowed = asked["_embedded"]!["publicKey"]!["allowCredentials"]!.AsArray();

        Assert.Equal(FlowStatuses.AssertionRequired, asked["status"]!.GetValue<string>());
        Assert.Equal(_erins.CredentialIdText, Assert.Single(allowed)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_the_identifier_another_users_passkey_is_refused_as_a_wrong_one_and_the_flow_is_unchanged()
    {
        var (environment, clientId) = await SetUpAsync("bindid");
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, clientId);
        var (_, before) = await browser.ActAsync(flowUrl, FlowActions.UserLookup, new { username = ManagedSignInEnvironment.Username });
        var options = before["_embedded"]!["publicKey"]!.AsObject();

        var (status, problem) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck, new { assertion = _mallorys.Assert(options, Origin) });
        var (_, after) = await browser.GetFlowAsync(flowUrl);
        var (_, erins) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck, new { assertion = _erins.Assert(options, Origin) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(("ACTION_REFUSED", "INVALID_PASSKEY"), (problem["code"]!.GetValue<string>(), problem["reason"]!.GetValue<string>()));
        Assert.Equal(FlowStatuses.AssertionRequired, after["status"]!.GetValue<string>());
        Assert.Equal(before["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
        // The user's own passkey still answers the same challenge: the refusal used nothing up.
        Assert.Equal(FlowStatuses.AgreementConsentRequired, erins["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_the_password_another_users_passkey_is_refused_as_the_second_factor()
    {
        var (environment, _) = await SetUpAsync("bindpwd");
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "password-then-passkey" });
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, clientId);
        var (_, before) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck,
            new { username = ManagedSignInEnvironment.Username, password = ManagedSignInEnvironment.Password });

        var (status, problem) = await browser.ActAsync(flowUrl, FlowActions.AssertionCheck,
            new { assertion = _mallorys.Assert(before["_embedded"]!["publicKey"]!.AsObject(), Origin) });
        var (_, after) = await browser.GetFlowAsync(flowUrl);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_PASSKEY", problem["reason"]!.GetValue<string>());
        Assert.Equal(FlowStatuses.AssertionRequired, after["status"]!.GetValue<string>());
        Assert.Equal(before["_embedded"]!.ToJsonString(), after["_embedded"]!.ToJsonString());
    }

    public void Dispose()
    {
        _erins.Dispose();
        _mallorys.Dispose();
        _http.Dispose();
    }

    /// <summary>
    /// An environment with erin and mallory, each with a passkey of their own, the 'terms' agreement, and an application
    /// on the shipped customer-sign-in flow.
    /// </summary>
    private async Task<(ManagedSignInEnvironment Environment, string ClientId)> SetUpAsync(string prefix)
    {
        var api = new ManagementApi(_http);
        var environment = await ManagedSignInEnvironment.CreateAsync(api, prefix);
        var mallory = await api.PostAsync($"/v1/environments/{environment.Id}/users", environment.Token,
            new { username = Mallory, email = "mallory@managed.test", name = "Mallory", password = MalloryPassword });
        Assert.Equal(HttpStatusCode.Created, mallory.Status);
        await api.PostAsync($"/v1/environments/{environment.Id}/agreements", environment.Token,
            new { id = "terms", name = "Terms", defaultLanguage = "en", texts = new Dictionary<string, string> { ["en"] = "Terms." } });
        var (registering, _) = await environment.CreateApplicationAsync(new { flow = "password-then-passkey" });
        await RegisterAsync(environment, registering, ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password, _erins);
        await RegisterAsync(environment, registering, Mallory, MalloryPassword, _mallorys);
        var (clientId, _) = await environment.CreateApplicationAsync(new { flow = "customer-sign-in" });
        return (environment, clientId);
    }

    /// <summary>Registers <paramref name="authenticator"/>'s passkey for the user in a sign-in of its own.</summary>
    private async Task RegisterAsync(
        ManagedSignInEnvironment environment, string clientId, string username, string password, SoftwareAuthenticator authenticator)
    {
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = await StartAsync(browser, environment, clientId);
        var (_, asked) = await browser.ActAsync(flowUrl, FlowActions.UsernamePasswordCheck, new { username, password });
        var (status, issued) = await browser.ActAsync(flowUrl, FlowActions.PasskeyRegister,
            new { attestation = authenticator.Attest(asked["_embedded"]!["publicKey"]!.AsObject(), Origin) });
        Assert.True(status == HttpStatusCode.OK && issued["status"]!.GetValue<string>() == "MFA_RECOVERY_CODES_ISSUED", issued.ToJsonString());
    }

    private async Task<string> StartAsync(Browser browser, ManagedSignInEnvironment environment, string clientId) =>
        environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(clientId)));
}
