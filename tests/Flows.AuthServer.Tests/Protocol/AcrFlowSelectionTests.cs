using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using OtpNet;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// acr_values (and an essential acr claim) choose the flow an application maps them to: the session records the acr
/// it satisfied, so a session that did not satisfy the requested one runs the mapped flow again (step-up), and one that
/// did signs in without a flow. The ID token carries that acr and the methods used.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class AcrFlowSelectionTests(ManagementServerFixture server)
{
    private const string Mfa = "urn:flows:acr:mfa";
    private const string Pwd = "urn:flows:acr:pwd";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task The_first_requested_acr_the_application_maps_runs_its_flow_and_the_id_token_carries_it()
    {
        var (environment, client) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);

        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(client.ClientId, extra: Acr($"urn:unknown {Mfa} {Pwd}"))));
        var (_, afterPassword) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
        var completed = await AnswerOtpAsync(browser, environment, flowUrl);
        var tokens = await environment.RedeemAsync(_http, await SignIn.ResumeAsync(browser, completed), client.ClientId, client.Secret);

        Assert.Equal(FlowStatuses.OtpRequired, afterPassword["status"]!.GetValue<string>());
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(Mfa, idToken.GetClaim("acr").Value);
        Assert.Equal(["pwd", "otp", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
    }

    [Fact]
    public async Task An_essential_acr_claim_of_the_claims_parameter_chooses_the_flow_too()
    {
        var (environment, client) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);
        var claims = """{"id_token":{"acr":{"essential":true,"values":["MFA"]}}}""".Replace("MFA", Mfa, StringComparison.Ordinal);

        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(client.ClientId, extra: new Dictionary<string, string?> { ["claims"] = claims })));
        var (_, afterPassword) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));

        Assert.Equal(FlowStatuses.OtpRequired, afterPassword["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_session_signed_in_with_a_password_only_runs_the_mfa_flow_again_instead_of_single_sign_on()
    {
        var (environment, client) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);
        var first = await SignIn.RunAsync(browser, environment.Authorize(client.ClientId, extra: Acr(Pwd)),
            ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password, environment: environment.Id);
        var firstToken = new JsonWebToken((await environment.RedeemAsync(_http, first, client.ClientId, client.Secret))["id_token"]!.GetValue<string>());

        using var stepUp = await browser.GetAsync(environment.Authorize(client.ClientId, extra: Acr(Mfa)));
        var flowUrl = environment.FlowUrlOf(stepUp);
        await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(null, ManagedSignInEnvironment.Password));
        var completed = await AnswerOtpAsync(browser, environment, flowUrl);
        var tokens = await environment.RedeemAsync(_http, await SignIn.ResumeAsync(browser, completed), client.ClientId, client.Secret);

        Assert.Equal(Pwd, firstToken.GetClaim("acr").Value);
        Assert.Equal(["pwd"], firstToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
        Assert.Equal(Mfa, new JsonWebToken(tokens["id_token"]!.GetValue<string>()).GetClaim("acr").Value);
    }

    [Fact]
    public async Task A_session_that_satisfied_the_requested_acr_signs_in_without_a_flow()
    {
        var (environment, client) = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);
        var flowUrl = environment.FlowUrlOf(await browser.GetAsync(environment.Authorize(client.ClientId, extra: Acr(Mfa))));
        await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(ManagedSignInEnvironment.Username, ManagedSignInEnvironment.Password));
        await SignIn.ResumeAsync(browser, await AnswerOtpAsync(browser, environment, flowUrl));

        using var again = await browser.GetAsync(environment.Authorize(client.ClientId, extra: Acr(Mfa)));
        var tokens = await environment.RedeemAsync(_http, again.Headers.Location!, client.ClientId, client.Secret);

        Assert.StartsWith(ManagedSignInEnvironment.Redirect, again.Headers.Location!.ToString());
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(Mfa, idToken.GetClaim("acr").Value);
        Assert.Contains("otp", idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
    }

    [Fact]
    public async Task Discovery_advertises_the_mapped_acr_values_and_the_claims_parameter()
    {
        var (environment, _) = await SetUpAsync();

        var document = (await Api.GetAsync($"/{environment.Id}/as/.well-known/openid-configuration", token: null)).Body;

        Assert.Equal([Mfa, Pwd], document["acr_values_supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.True(document["claims_parameter_supported"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_acr_mapped_to_an_unknown_flow_is_refused_by_v1_and_nothing_is_created_or_changed()
    {
        var (environment, client) = await SetUpAsync();
        var applications = $"/v1/environments/{environment.Id}/applications";

        var created = await Api.PostAsync(applications, environment.Token, new
        {
            type = "confidential", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { ManagedSignInEnvironment.Redirect },
            acrFlows = new Dictionary<string, string> { [Mfa] = "no-such-flow" },
        });
        var patched = await Api.PatchAsync($"{applications}/{client.ClientId}", environment.Token,
            new { acrFlows = new Dictionary<string, string> { ["has space"] = "username-password" } });
        var stored = await Api.GetAsync($"{applications}/{client.ClientId}", environment.Token);

        Assert.Equal(HttpStatusCode.BadRequest, created.Status);
        Assert.Equal(["acrFlows"], created.ErrorFields);
        Assert.Contains("no-such-flow", created.Body["errors"]!["acrFlows"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, patched.Status);
        Assert.Equal(["acrFlows"], patched.ErrorFields);
        Assert.Equal("password-then-otp", stored.Body["acrFlows"]![Mfa]!.GetValue<string>());
    }

    private static Dictionary<string, string?> Acr(string values) => new() { ["acr_values"] = values };

    private static async Task<System.Text.Json.Nodes.JsonObject> AnswerOtpAsync(Browser browser, ManagedSignInEnvironment environment, string flowUrl)
    {
        var code = new Totp(Base32Encoding.ToBytes(environment.TotpSecret)).ComputeTotp();
        var (status, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(code));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
        return completed;
    }

    private async Task<(ManagedSignInEnvironment Environment, (string ClientId, string Secret) Client)> SetUpAsync()
    {
        var environment = await ManagedSignInEnvironment.CreateAsync(Api, "acr");
        var client = await environment.CreateApplicationAsync(new
        {
            acrFlows = new Dictionary<string, string> { [Mfa] = "password-then-otp", [Pwd] = "username-password" },
        });
        return (environment, client);
    }
}
