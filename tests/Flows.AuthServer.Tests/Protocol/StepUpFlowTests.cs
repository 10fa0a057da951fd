using System.Net;
using System.Text.Json;
using Flows.Activities;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Engine.Definitions;
using Flows.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using OtpNet;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// A session signed in through one application meets the flow of another: the flow runs for the session's user,
/// so a flow that denies that user denies, and a password step skips only where the flow says so. Each test has
/// an environment of its own, made through the management API, with a web application on username-password.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class StepUpFlowTests(ManagementServerFixture server)
{
    private const string Redirect = "https://step-up.test/callback";
    private const string Password = "erin-password-1";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_flow_that_denies_a_group_denies_its_member_signed_in_through_another_application()
    {
        var setUp = await SetUpAsync(Flow("staff-denied", skipPassword: false, Check("inGroup", "staff", yes: "deny", no: "signIn")), groups: ["staff"]);
        using var browser = await SignedInToWebAsync(setUp);

        using var authorize = await browser.GetAsync(Authorize(setUp, setUp.FlowClientId));
        var flowUrl = FlowUrlOf(authorize, setUp.Environment);
        var (_, denied) = await browser.ActAsync(flowUrl, FlowAnswers.UsernamePassword(null, Password));

        Assert.Equal(FlowStatuses.Failed, denied["status"]!.GetValue<string>());
        Assert.Equal(DeniedCode, denied["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_password_step_marked_skippable_asks_a_signed_in_user_only_for_the_one_time_password()
    {
        var setUp = await SetUpAsync(Flow("otp-after-password", skipPassword: true, Otp(next: "signIn")), groups: [], enrollTotp: true);
        using var browser = await SignedInToWebAsync(setUp);

        using var authorize = await browser.GetAsync(Authorize(setUp, setUp.FlowClientId));
        var flowUrl = FlowUrlOf(authorize, setUp.Environment);
        var (_, asked) = await browser.GetFlowAsync(flowUrl);
        var otp = new Totp(Base32Encoding.ToBytes(setUp.TotpSecret!)).ComputeTotp();
        var (_, completed) = await browser.ActAsync(flowUrl, FlowAnswers.Otp(otp));
        var code = SignIn.Parameters(await SignIn.ResumeAsync(browser, completed))["code"];
        var (status, tokens) = await TokenRequests.RedeemCodeAsync(
            _http, code, Redirect, verifier: null, setUp.FlowClientId, setUp.FlowClientSecret, setUp.Environment);

        Assert.Equal(FlowStatuses.OtpRequired, asked["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, status);
        var idToken = new JsonWebToken(tokens["id_token"]!.GetValue<string>());
        Assert.Equal(["pwd", "otp", "mfa"], idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
    }

    [Fact]
    public async Task A_flow_that_completes_at_once_answers_the_authorize_with_the_resume_and_a_new_session_cookie()
    {
        var setUp = await SetUpAsync(Flow("blocked-denied", skipPassword: true, Check("inGroup", "blocked", yes: "deny", no: "signIn")), groups: []);
        using var browser = await SignedInToWebAsync(setUp);
        var before = browser.SessionToken(setUp.Environment);

        using var authorize = await browser.GetAsync(Authorize(setUp, setUp.FlowClientId));
        using var resumed = await browser.GetAsync(authorize.Headers.Location!.ToString());

        Assert.StartsWith($"/{setUp.Environment}/as/resume?flowId=", authorize.Headers.Location!.ToString());
        Assert.Contains(authorize.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("ST=", StringComparison.Ordinal));
        Assert.NotEqual(before, browser.SessionToken(setUp.Environment));
        Assert.True(SignIn.Parameters(resumed.Headers.Location!).ContainsKey("code"));
    }

    [Fact]
    public async Task A_skipped_password_step_still_leads_a_denied_group_to_the_denial()
    {
        var setUp = await SetUpAsync(Flow("blocked-denied", skipPassword: true, Check("inGroup", "blocked", yes: "deny", no: "signIn")), groups: ["blocked"]);
        using var browser = await SignedInToWebAsync(setUp);

        using var authorize = await browser.GetAsync(Authorize(setUp, setUp.FlowClientId));
        var (_, flow) = await browser.GetFlowAsync(FlowUrlOf(authorize, setUp.Environment));

        Assert.Equal(FlowStatuses.Failed, flow["status"]!.GetValue<string>());
        Assert.Equal(DeniedCode, flow["error"]!["code"]!.GetValue<string>());
    }

    private const string DeniedCode = "GROUP_DENIED";

    /// <summary>An environment with a web application on username-password, an application on <paramref name="flow"/> and the user erin.</summary>
    private async Task<SetUp> SetUpAsync(FlowDefinition flow, string[] groups, bool enrollTotp = false)
    {
        var environment = $"step-up-{Guid.NewGuid():N}"[..20];
        var token = await Api.TokenAsync();
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync("/v1/environments", token, new { id = environment, name = "Step-up" })).Status);
        var flows = $"/v1/environments/{environment}/flows";
        Assert.Equal(HttpStatusCode.Created, (await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, flows, token, flow)).Status);
        var published = await Api.PostAsync($"{flows}/{flow.Id}/publish", token, new { note = "step-up" });
        Assert.True(published.Status == HttpStatusCode.Created, published.Body.ToJsonString());
        var web = await CreateApplicationAsync(environment, token, "username-password");
        var other = await CreateApplicationAsync(environment, token, flow.Id);
        var user = await Api.PostAsync($"/v1/environments/{environment}/users", token,
            new { username = "erin", email = "erin@step-up.test", name = "Erin", password = Password, groups });
        Assert.Equal(HttpStatusCode.Created, user.Status);
        var secret = enrollTotp ? (await Api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { })).Text("secret") : null;
        return new SetUp(environment, web.Text("clientId"), other.Text("clientId"), other.Text("clientSecret"), secret);
    }

    private async Task<ManagementResponse> CreateApplicationAsync(string environment, string token, string flowId)
    {
        var application = await Api.PostAsync($"/v1/environments/{environment}/applications", token, new
        {
            name = flowId, type = "confidential", grantTypes = new[] { "authorization_code" }, redirectUris = new[] { Redirect },
            postLogoutRedirectUris = Array.Empty<string>(), scopes = new[] { "openid", "profile" }, flow = flowId,
        });
        Assert.Equal(HttpStatusCode.Created, application.Status);
        return application;
    }

    private async Task<Browser> SignedInToWebAsync(SetUp setUp)
    {
        var browser = new Browser(server.BaseAddress);
        await SignIn.RunAsync(browser, Authorize(setUp, setUp.WebClientId), "erin", Password, environment: setUp.Environment);
        return browser;
    }

    private static string Authorize(SetUp setUp, string clientId) =>
        SignIn.AuthorizeUrl(clientId, Redirect, pkce: null, scope: "openid profile", environment: setUp.Environment);

    private static string FlowUrlOf(HttpResponseMessage authorize, string environment)
    {
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var location = authorize.Headers.Location!.ToString();
        Assert.StartsWith($"/{environment}/signon?flowId=", location);
        return $"/{environment}/flows/{location[(location.IndexOf('=') + 1)..]}";
    }

    /// <summary>
    /// password → <paramref name="next"/>'s nodes → signIn; every other outcome of the password step is a denial.
    /// </summary>
    private static FlowDefinition Flow(string id, bool skipPassword, (List<FlowNode> Nodes, List<FlowEdge> Edges) next)
    {
        var password = Node("password", "AskForUsernamePassword");
        if (skipPassword)
        {
            password.Properties["skipWhenSessionProvedPassword"] = JsonSerializer.SerializeToElement(true);
        }

        var deny = Node("deny", "Deny");
        deny.Properties["message"] = JsonSerializer.SerializeToElement("Not for you.");
        deny.Properties["code"] = JsonSerializer.SerializeToElement(DeniedCode);
        return new FlowDefinition
        {
            Id = id,
            Name = id,
            Start = "password",
            Nodes = [password, deny, Node("signIn", "SignIn"), .. next.Nodes],
            Edges =
            [
                new("password", "success", next.Nodes[0].Id),
                new("password", "lockedOut", "deny"),
                new("password", "disabled", "deny"),
                new("password", "mustChangePassword", "deny"),
                .. next.Edges,
            ],
        };
    }

    private static (List<FlowNode>, List<FlowEdge>) Check(string condition, string value, string yes, string no)
    {
        var check = Node("check", "CheckUser");
        check.Properties["condition"] = JsonSerializer.SerializeToElement(condition);
        check.Properties["value"] = JsonSerializer.SerializeToElement(value);
        return ([check], [new("check", "yes", yes), new("check", "no", no)]);
    }

    private static (List<FlowNode>, List<FlowEdge>) Otp(string next) =>
        ([Node("otp", "AskForOtp")], [new("otp", "success", next), new("otp", "tooManyAttempts", "deny"), new("otp", "noDevice", "deny")]);

    private static FlowNode Node(string id, string type) => new() { Id = id, Type = type, Position = new NodePosition(0, 0) };

    private sealed record SetUp(string Environment, string WebClientId, string FlowClientId, string FlowClientSecret, string? TotpSecret);
}
