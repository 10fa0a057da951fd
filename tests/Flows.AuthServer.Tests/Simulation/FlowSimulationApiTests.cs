using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.AuthServer.Management;
using Flows.AuthServer.Tests.Hosting;
using Flows.AuthServer.Tests.Management;
using Flows.Engine.Definitions;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;

namespace Flows.AuthServer.Tests.Simulation;

/// <summary>
/// <c>POST …/flows/{flowId}/simulate</c>: a dry run walks the real graph with simulated services, answers each prompt
/// as told, reports the path, and leaves the database exactly as it was.
/// </summary>
[Collection(ManagementCollection.Name)]
public sealed class FlowSimulationApiTests(ManagementServerFixture server)
{
    private const string Flows = $"/v1/environments/{Id}/flows";

    private readonly HttpClient _http = server.CreateRawClient();
    private ManagementApi Api => new(_http);

    [Fact]
    public async Task A_dry_run_of_the_mfa_flow_with_a_wrong_then_right_code_signs_in_with_mfa_and_changes_nothing_in_the_database()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, FlowTestDefinitions.Shipped("password-then-otp"));
        var username = ManagementUsers.UniqueName("dry");
        var user = await ManagementUsers.CreateAsync(Api, token, username);
        await Api.PostAsync($"{user.Location}/mfaDevices/totp", token, new { });
        await SimulateAsync(token, flowId, new { user = new { id = user.Text("id") } });
        var before = await DatabaseSnapshot.TakeAsync(server);

        var run = await SimulateAsync(token, flowId, new
        {
            user = new { id = user.Text("id") },
            answers = new object[]
            {
                new { action = "usernamePassword.check", body = new { username, password = "not-checked" }, verdict = "right" },
                new { action = "otp.check", body = new { }, verdict = "wrong" },
                new { action = "otp.check", body = new { }, verdict = "right" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, run.Status);
        Assert.Equal("completed", run.Text("ended"));
        Assert.Equal(
            ["password:Suspended", "password:Outcome:success", "hasMfaDevice:Outcome:yes", "otp:Suspended",
             "otp:Suspended:INVALID_OTP", "otp:Outcome:success", "signInWithMfa:Completed"],
            Path(run));
        var signIn = run.Body["signIn"]!;
        Assert.Equal(user.Text("id"), signIn["subject"]!.GetValue<string>());
        Assert.Equal(["mfa", "otp", "pwd"], signIn["amr"]!.AsArray().Select(m => m!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("mfa", signIn["acr"]!.GetValue<string>());
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(server));
    }

    [Fact]
    public async Task Wrong_passwords_in_a_dry_run_never_lock_the_real_user()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, FlowTestDefinitions.Shipped("password-then-otp"));
        var username = ManagementUsers.UniqueName("dry");
        var user = await ManagementUsers.CreateAsync(Api, token, username);
        await SimulateAsync(token, flowId, new { user = new { id = user.Text("id") } });
        var before = await DatabaseSnapshot.TakeAsync(server);
        var wrong = Enumerable.Range(0, 12)
            .Select(_ => new { action = "usernamePassword.check", body = new { username, password = ManagementUsers.PasswordOf(username) }, verdict = "wrong" })
            .ToArray();

        var run = await SimulateAsync(token, flowId, new { user = new { id = user.Text("id") }, answers = wrong });

        Assert.Equal(("waiting", "INVALID_CREDENTIALS"), (run.Text("ended"), run.Body["prompt"]!["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(before, await DatabaseSnapshot.TakeAsync(server));
        using var browser = new Browser(server.BaseAddress);
        var (_, result) = await ManagementUsers.TryPasswordAsync(browser, username, ManagementUsers.PasswordOf(username));
        Assert.Null(result["error"]);
    }

    [Fact]
    public async Task A_real_users_password_is_never_verified_without_a_verdict()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, FlowTestDefinitions.Shipped("password-then-otp"));
        var username = ManagementUsers.UniqueName("dry");
        var user = await ManagementUsers.CreateAsync(Api, token, username);

        var run = await SimulateAsync(token, flowId, new
        {
            user = new { id = user.Text("id") },
            answers = new[] { new { action = "usernamePassword.check", body = new { username, password = ManagementUsers.PasswordOf(username) } } },
        });

        Assert.Equal("INVALID_CREDENTIALS", run.Body["prompt"]!["error"]!["code"]!.GetValue<string>());
        Assert.Contains(run.Body["effects"]!.AsArray(), effect => effect!["description"]!.GetValue<string>().Contains("never verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_described_user_without_an_authenticator_signs_in_with_the_password_alone()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, FlowTestDefinitions.Shipped("password-then-otp"));

        var run = await SimulateAsync(token, flowId, new
        {
            user = new { username = "ada", password = "typed-secret", groups = new[] { "staff" } },
            answers = new[] { new { action = "usernamePassword.check", body = new { username = "Ada", password = "typed-secret" } } },
        });

        Assert.Equal("completed", run.Text("ended"));
        Assert.Equal(["password:Suspended", "password:Outcome:success", "hasMfaDevice:Outcome:no", "signInWithPassword:Completed"], Path(run));
        Assert.Equal(["pwd"], run.Body["signIn"]!["amr"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.False(run.Body["user"]!["real"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Without_answers_the_run_waits_on_the_first_prompt_and_shows_its_state()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, FlowTestDefinitions.Shipped("password-then-otp"));

        var run = await SimulateAsync(token, flowId, new { user = new { username = "ada" }, variables = new { loginHint = "ada" } });

        Assert.Equal("waiting", run.Text("ended"));
        Assert.Equal("USERNAME_PASSWORD_REQUIRED", run.Body["prompt"]!["status"]!.GetValue<string>());
        Assert.Equal("ada", run.Body["rounds"]![0]!["state"]!["variables"]!["loginHint"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_outside_call_is_answered_from_the_mock_and_its_kept_fields_become_variables()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, RiskFlow());

        var run = await SimulateAsync(token, flowId, new
        {
            user = new { username = "ada", password = "pw" },
            answers = new[] { new { action = "usernamePassword.check", body = new { username = "ada", password = "pw" } } },
            mocks = new Dictionary<string, object> { ["https://risk.example.com/score"] = new { outcome = "answered", body = new { outcome = "deny", level = "high" } } },
        });

        Assert.Equal(("denied", "RISKY"), (run.Text("ended"), run.Body["error"]!["code"]!.GetValue<string>()));
        Assert.Contains("risk:Outcome:deny", Path(run));
        Assert.Equal("high", run.Body["rounds"]![1]!["state"]!["variables"]!["risk.level"]!.GetValue<string>());
        Assert.Contains(run.Body["effects"]!.AsArray(), effect => effect!["kind"]!.GetValue<string>() == "call");
    }

    [Fact]
    public async Task A_step_that_needs_a_service_a_dry_run_does_not_imitate_stops_the_run_there()
    {
        var token = await Api.TokenAsync();
        var definition = FlowTestDefinitions.Shipped("password-then-otp");
        definition.Nodes.Add(new FlowNode { Id = "terms", Type = "AskForAgreement" });
        definition.Start = "terms";
        var flowId = await CreateFlowAsync(token, definition);

        var run = await SimulateAsync(token, flowId, new { user = new { username = "ada" } });

        Assert.Equal(("notSimulated", "NOT_SIMULATED"), (run.Text("ended"), run.Body["error"]!["code"]!.GetValue<string>()));
        Assert.Equal(["terms:Faulted:NOT_SIMULATED"], Path(run));
    }

    [Fact]
    public async Task Bad_input_is_refused_per_field()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, FlowTestDefinitions.Shipped("password-then-otp"));

        var noUser = await SimulateAsync(token, flowId, new { version = 1, draft = true, answers = new[] { new { action = "", verdict = "maybe" } } });
        var badDevice = await SimulateAsync(token, flowId, new { user = new { username = "ada", devices = new[] { "pager" } } });
        var unknownUser = await SimulateAsync(token, flowId, new { user = new { id = "no-such-user" } });
        var notAccepted = await SimulateAsync(token, flowId, new { user = new { username = "ada" }, answers = new[] { new { action = "otp.check" } } });

        Assert.Equal(HttpStatusCode.BadRequest, noUser.Status);
        Assert.Equal(["answers[0].action", "answers[0].verdict", "user", "version"], noUser.ErrorFields.Order(StringComparer.Ordinal));
        Assert.All([badDevice, unknownUser, notAccepted], response => Assert.Equal(HttpStatusCode.BadRequest, response.Status));
        Assert.Equal(["user.devices"], badDevice.ErrorFields);
        Assert.Equal(["user.id"], unknownUser.ErrorFields);
        Assert.Equal(["answers[0].action"], notAccepted.ErrorFields);
    }

    [Fact]
    public async Task An_unknown_flow_or_version_is_404_and_a_read_only_token_is_403()
    {
        var token = await Api.TokenAsync();
        var flowId = await CreateFlowAsync(token, FlowTestDefinitions.Shipped("password-then-otp"));
        var readOnly = await Api.TokenAsync("flows.read");

        var unknownFlow = await SimulateAsync(token, "no-such-flow", new { user = new { username = "ada" } });
        var unknownVersion = await SimulateAsync(token, flowId, new { version = 7, user = new { username = "ada" } });
        var forbidden = await SimulateAsync(readOnly, flowId, new { user = new { username = "ada" } });

        Assert.Equal(HttpStatusCode.NotFound, unknownFlow.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.Status);
        Assert.Equal((HttpStatusCode.Forbidden, ManagementProblems.InsufficientScope), (forbidden.Status, forbidden.Code));
    }

    private static List<string> Path(ManagementResponse run) => [.. run.Body["steps"]!.AsArray().Select(step => string.Join(":",
        new[] { step!["nodeId"], step["result"], step["outcome"], step["errorCode"] }.Where(part => part is not null).Select(part => part!.GetValue<string>())))];

    private async Task<string> CreateFlowAsync(string token, FlowDefinition definition)
    {
        definition.Id = FlowTestDefinitions.NewId();
        var created = await FlowTestDefinitions.SendAsync(Api, HttpMethod.Post, Flows, token, definition);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return definition.Id;
    }

    private Task<ManagementResponse> SimulateAsync(string token, string flowId, object body) =>
        Api.PostAsync($"{Flows}/{flowId}/simulate", token, body);

    private static FlowDefinition RiskFlow() => FlowDefinitionSerializer.Deserialize(JsonSerializer.Serialize(new
    {
        id = "risk",
        name = "Password, then a risk score",
        start = "password",
        nodes = new object[]
        {
            new { id = "password", type = "AskForUsernamePassword" },
            new
            {
                id = "risk", type = "CallHttpService",
                properties = new { url = "https://risk.example.com/score", outcomes = new[] { "allow", "deny" }, keepFields = new[] { "level" } },
            },
            new { id = "signIn", type = "SignIn" },
            new { id = "risky", type = "Deny", properties = new { code = "RISKY", message = "Too risky." } },
        },
        edges = new[]
        {
            new { from = "password", outcome = "success", to = "risk" },
            new { from = "risk", outcome = "allow", to = "signIn" },
            new { from = "risk", outcome = "deny", to = "risky" },
            new { from = "risk", outcome = "error", to = "risky" },
            new { from = "risk", outcome = "timeout", to = "risky" },
        },
    }));
}
