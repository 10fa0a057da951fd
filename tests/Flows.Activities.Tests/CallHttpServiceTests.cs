using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Activities.Outbound;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The outside-service call: what it sends, which edge each answer takes, and what it keeps of the answer.</summary>
public sealed class CallHttpServiceTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly ScriptedServiceClient _service = new();

    public CallHttpServiceTests()
    {
        var alice = _harness.Users.Add(new TestAccount
        {
            Id = "user-alice",
            Username = "alice",
            Groups = ["staff"],
            Attributes = new() { ["country"] = "NL", ["ssn"] = "never-sent" },
        });
        _harness.SignInWithPassword(alice);
        _harness.State.Variables["loginHint"] = JsonSerializer.SerializeToElement("alice@example.com");
    }

    [Fact]
    public async Task Execute_sends_only_the_named_attributes_and_variables_with_the_flow()
    {
        _service.Answer = ServiceAnswer.Answered(new JsonObject { ["outcome"] = "allow" });

        await Activity(sendAttributes: ["username", "country", "groups"], sendVariables: ["loginHint"]).ExecuteAsync(Context());

        var call = Assert.Single(_service.Calls);
        Assert.Equal("https://risk.example.com/check", call.Url);
        Assert.Equal(_harness.Instance.Id, call.Body["flow"]!["id"]!.GetValue<string>());
        Assert.Equal("alice", call.Body["user"]!["username"]!.GetValue<string>());
        Assert.Equal("NL", call.Body["user"]!["country"]!.GetValue<string>());
        Assert.Equal("staff", call.Body["user"]!["groups"]![0]!.GetValue<string>());
        Assert.False(call.Body["user"]!.AsObject().ContainsKey("ssn"));
        Assert.Equal("alice@example.com", call.Body["variables"]!["loginHint"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("allow")]
    [InlineData("deny")]
    [InlineData("challenge")]
    public async Task Execute_follows_the_outcome_the_answer_names(string outcome)
    {
        _service.Answer = ServiceAnswer.Answered(new JsonObject { ["outcome"] = outcome });

        var result = await Activity().ExecuteAsync(Context());

        Assert.Equal(outcome, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_follows_error_when_the_answer_names_an_outcome_not_listed()
    {
        _service.Answer = ServiceAnswer.Answered(new JsonObject { ["outcome"] = "promote-to-admin" });

        var result = await Activity().ExecuteAsync(Context());

        Assert.Equal(CallHttpService.Error, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_follows_error_when_the_answer_has_no_outcome_string()
    {
        _service.Answer = ServiceAnswer.Answered(new JsonObject { ["outcome"] = new JsonArray("allow") });

        var result = await Activity().ExecuteAsync(Context());

        Assert.Equal(CallHttpService.Error, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_follows_error_when_the_call_failed_and_timeout_when_it_timed_out()
    {
        _service.Answer = ServiceAnswer.Failed;
        var failed = await Activity().ExecuteAsync(Context());
        _service.Answer = ServiceAnswer.TimedOut;
        var timedOut = await Activity().ExecuteAsync(Context());

        Assert.Equal(CallHttpService.Error, Assert.IsType<OutcomeResult>(failed).Name);
        Assert.Equal(CallHttpService.Timeout, Assert.IsType<OutcomeResult>(timedOut).Name);
    }

    [Fact]
    public async Task Execute_keeps_the_named_scalar_fields_under_the_node_and_nothing_else()
    {
        _service.Answer = ServiceAnswer.Answered(new JsonObject
        {
            ["outcome"] = "challenge",
            ["level"] = "high",
            ["score"] = 87,
            ["nested"] = new JsonObject { ["a"] = 1 },
            ["acr"] = "mfa",
        });

        await Activity(keepFields: ["level", "score", "nested"]).ExecuteAsync(Context());

        Assert.Equal("high", _harness.State.Variables["risk.level"].GetString());
        Assert.Equal(87, _harness.State.Variables["risk.score"].GetInt32());
        Assert.False(_harness.State.Variables.ContainsKey("risk.nested"));
        Assert.False(_harness.State.Variables.ContainsKey("acr"));
        Assert.False(_harness.State.Variables.ContainsKey("risk.acr"));
    }

    [Fact]
    public async Task Execute_bounds_the_timeout_and_retries_a_node_asks_for()
    {
        _service.Answer = ServiceAnswer.Answered(new JsonObject { ["outcome"] = "allow" });
        var activity = Activity();
        activity.TimeoutSeconds = 3600;
        activity.Retries = 50;

        await activity.ExecuteAsync(Context());

        var call = Assert.Single(_service.Calls);
        Assert.Equal(TimeSpan.FromSeconds(CallHttpService.MaxTimeoutSeconds), call.Timeout);
        Assert.Equal(CallHttpService.MaxRetries, call.Retries);
    }

    [Fact]
    public void The_node_outcomes_are_the_listed_ones_plus_error_and_timeout()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(CallHttpService));
        var node = new Engine.Definitions.FlowNode
        {
            Id = "risk",
            Type = nameof(CallHttpService),
            Properties = new() { ["outcomes"] = JsonSerializer.SerializeToElement(new[] { "allow", "deny" }) },
        };

        Assert.Equal(["allow", "deny", "error", "timeout"], descriptor.OutcomesOf(node).Order());
    }

    private CallHttpService Activity(string[]? sendAttributes = null, string[]? sendVariables = null, string[]? keepFields = null) =>
        new(_service, _harness.Users)
        {
            Url = "https://risk.example.com/check",
            Outcomes = ["allow", "deny", "challenge"],
            SendAttributes = sendAttributes ?? [],
            SendVariables = sendVariables ?? [],
            KeepFields = keepFields ?? [],
        };

    private ActivityContext Context() => _harness.ContextFor<CallHttpService>("risk");
}
