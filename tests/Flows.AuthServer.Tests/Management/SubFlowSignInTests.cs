using System.Net;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Definitions;
using Flows.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using OtpNet;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// A sign-in whose flow runs a shared MFA flow as a sub-flow, over real HTTP: the password is asked by the flow, the
/// one-time password by the sub-flow (the JSON flow API shows its status), and the code is issued when the sub-flow
/// ends. The funnels of both flows count the run.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class SubFlowSignInTests(ManagementServerFixture server)
{
    private const string Redirect = "https://sub-flow.test/callback";
    private const string Password = "dana-password-1";

    private readonly HttpClient _http = server.CreateRawClient();

    [Fact]
    public async Task The_password_of_the_flow_and_the_otp_of_its_sub_flow_sign_the_user_in_and_both_funnels_count_it()
    {
        var setUp = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);

        using var authorize = await browser.GetAsync(SignIn.AuthorizeUrl(setUp.ClientId, Redirect, pkce: null, scope: "openid profile", environment: setUp.Flows.Environment));
        var flowUrl = FlowUrlOf(authorize, setUp.Flows.Environment);
        var (_, asked) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword("dana", Password));
        var (_, wrong) = await browser.ActAsync(flowUrl, FlowAnswers.Otp("000000"));
        var otp = new Totp(Base32Encoding.ToBytes(setUp.TotpSecret)).ComputeTotp();
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(otp));
        var code = SignIn.Parameters(await SignIn.ResumeAsync(browser, completed))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(_http, code, Redirect, verifier: null, setUp.ClientId, setUp.ClientSecret, setUp.Flows.Environment);

        Assert.Equal(FlowStatuses.OtpRequired, asked["status"]!.GetValue<string>());
        Assert.Equal((FlowStatuses.OtpRequired, FlowErrorCodes.InvalidOtp), (wrong["status"]!.GetValue<string>(), wrong["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(["pwd", "otp", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));

        var main = await FunnelAsync(setUp, "main");
        var mfa = await FunnelAsync(setUp, "mfa");
        Assert.Equal((1, 1), (Count(main, "mfa", "entered"), Outcome(main, "mfa", "success")));
        Assert.Equal(1, Count(main, "signIn", "completed"));
        Assert.False(main.ContainsKey("otp"));
        Assert.Equal(1, Count(mfa, "otp", "entered"));
        Assert.Equal((1, 1), (Outcome(mfa, "otp", "success"), Outcome(mfa, "end", "success")));
    }

    [Fact]
    public async Task A_sign_in_inside_the_sub_flow_keeps_its_version_when_a_new_one_is_published()
    {
        var setUp = await SetUpAsync();
        using var browser = new Browser(server.BaseAddress);
        using var authorize = await browser.GetAsync(SignIn.AuthorizeUrl(setUp.ClientId, Redirect, pkce: null, scope: "openid profile", environment: setUp.Flows.Environment));
        var flowUrl = FlowUrlOf(authorize, setUp.Flows.Environment);
        await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword("dana", Password));

        // Version 2 of the shared flow denies everyone who passes the one-time password.
        var denying = SubFlowApi.SharedMfa("mfa");
        denying.Edges[0] = new FlowEdge("otp", "success", "deny");
        denying.Nodes.RemoveAll(node => node.Id == "end");
        var saved = await setUp.Flows.SaveDraftAsync(denying);
        Assert.True(saved.Status == HttpStatusCode.OK, saved.Body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, (await setUp.Flows.PublishAsync("mfa")).Status);
        var otp = new Totp(Base32Encoding.ToBytes(setUp.TotpSecret)).ComputeTotp();
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(otp));

        Assert.Equal(FlowStatuses.Completed, completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_dry_run_follows_into_the_sub_flow_and_answers_its_one_time_password()
    {
        var setUp = await SetUpAsync();
        var api = new ManagementApi(_http);

        var run = await api.PostAsync($"{setUp.Flows.Flows}/main/simulate", setUp.Flows.Token, new
        {
            version = 1,
            user = new { id = setUp.UserId },
            answers = new object[]
            {
                new { action = "usernamePassword.check", body = new { username = "dana", password = "not-checked" }, verdict = "right" },
                new { action = "otp.check", body = new { }, verdict = "wrong" },
                new { action = "otp.check", body = new { }, verdict = "right" },
            },
        });

        Assert.True(run.Status == HttpStatusCode.OK, run.Body.ToJsonString());
        Assert.Equal("completed", run.Text("ended"));
        var steps = run.Body["steps"]!.AsArray().Select(step => step!["nodeId"]!.GetValue<string>()).ToList();
        Assert.Contains("otp", steps);
        Assert.Equal(["mfa", "otp", "pwd"], run.Body["signIn"]!["amr"]!.AsArray().Select(m => m!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    private async Task<SetUp> SetUpAsync()
    {
        var api = new ManagementApi(_http);
        var flows = await SubFlowApi.NewEnvironmentAsync(api, "sub-sign-in");
        await flows.CreateAndPublishAsync(SubFlowApi.SharedMfa("mfa"));
        await flows.CreateAndPublishAsync(Main());
        var application = await api.PostAsync($"/v1/environments/{flows.Environment}/applications", flows.Token, new
        {
            name = "Sub-flow", type = "confidential", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { Redirect },
            postLogoutRedirectUris = Array.Empty<string>(), scopes = new[] { "openid", "profile" }, flow = "main",
        });
        Assert.Equal(HttpStatusCode.Created, application.Status);
        var user = await api.PostAsync($"/v1/environments/{flows.Environment}/users", flows.Token,
            new { username = "dana", email = "dana@sub-flow.test", name = "Dana", password = Password });
        Assert.Equal(HttpStatusCode.Created, user.Status);
        var secret = (await api.PostAsync($"{user.Location}/mfaDevices/totp", flows.Token, new { })).Text("secret");
        return new SetUp(flows, application.Text("clientId"), application.Text("clientSecret"), secret, user.Text("id"));
    }

    /// <summary>password → mfa (the shared MFA flow, default version) → signIn; any other way out is a denial.</summary>
    private static FlowDefinition Main() => new()
    {
        Id = "main", Name = "Password, then shared MFA", Start = "password",
        Nodes =
        [
            SubFlowApi.Node("password", "AskForUsernamePassword"),
            SubFlowApi.Node("mfa", "RunSubFlow", ("flow", "mfa")),
            SubFlowApi.Node("signIn", "SignIn"),
            SubFlowApi.Node("deny", "Deny", ("message", "Not for you.")),
        ],
        Edges =
        [
            new("password", "success", "mfa"), new("password", "lockedOut", "deny"), new("password", "disabled", "deny"),
            new("password", "mustChangePassword", "deny"), new("mfa", "success", "signIn"), new("mfa", "denied", "deny"),
        ],
    };

    private async Task<Dictionary<string, System.Text.Json.Nodes.JsonObject>> FunnelAsync(SetUp setUp, string flowId)
    {
        var api = new ManagementApi(_http);
        var response = await api.GetAsync($"{setUp.Flows.Flows}/{flowId}/funnel?version=1", await api.TokenAsync("flows.read"));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Body["nodes"]!.AsArray().ToDictionary(node => node!["nodeId"]!.GetValue<string>(), node => node!.AsObject());
    }

    private static int Count(Dictionary<string, System.Text.Json.Nodes.JsonObject> nodes, string node, string field) => nodes[node][field]!.GetValue<int>();

    private static int Outcome(Dictionary<string, System.Text.Json.Nodes.JsonObject> nodes, string node, string outcome) =>
        nodes[node]["outcomes"]![outcome]?.GetValue<int>() ?? 0;

    private static string FlowUrlOf(HttpResponseMessage authorize, string environment)
    {
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!.ToString();
        Assert.StartsWith($"/{environment}/signon?flowId=", location);
        return $"/{environment}/flows/{location[(location.IndexOf('=') + 1)..]}";
    }

    private sealed record SetUp(SubFlowApi Flows, string ClientId, string ClientSecret, string TotpSecret, string UserId);
}
