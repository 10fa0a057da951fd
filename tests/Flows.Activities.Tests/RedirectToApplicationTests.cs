using System.Text.Json.Nodes;
using Flows.Activities.Outbound;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Activities.Tests;

/// <summary>Sending the user to an outside application: the waiting prompt, and the answers that move the flow on or not.</summary>
public sealed class RedirectToApplicationTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly FakeApplicationRedirects _redirects = new();

    public RedirectToApplicationTests()
    {
        _harness.SignInWithPassword(_harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" }));
    }

    [Fact]
    public async Task Execute_waits_with_a_redirect_carrying_a_signed_token_for_this_flow()
    {
        var result = await Activity().ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        var issued = Assert.Single(_redirects.Issued);
        Assert.Equal(FlowStatuses.ExternalActionRequired, prompt.Status);
        Assert.Equal([FlowActions.ExternalContinue], prompt.Actions);
        Assert.Equal(_harness.Instance.Id, issued.FlowId);
        Assert.Equal("alice", issued.Data["user"]!["username"]!.GetValue<string>());
        Assert.Equal(
            $"https://kyc.example.com/start?lang=en&continue={Uri.EscapeDataString($"token-for-{issued.FlowId}-{issued.Nonce}")}",
            prompt.Data![ApplicationAnswerFields.RedirectUrl]!.GetValue<string>());
        Assert.Equal(_harness.Clock.GetUtcNow().AddSeconds(300), issued.ExpiresAt);
    }

    [Fact]
    public async Task Execute_follows_error_when_the_environment_has_no_secret()
    {
        _redirects.HasSecret = false;

        var result = await Activity().ExecuteAsync(Context());

        Assert.Equal(RedirectToApplication.Error, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Resume_with_the_answer_to_this_visit_follows_its_outcome_and_keeps_the_named_fields()
    {
        var nonce = await WaitAsync();

        var result = await Activity().ResumeAsync(Context(), Answer(nonce, "verified", new JsonObject { ["level"] = "substantial", ["ignored"] = "x" }));

        Assert.Equal("verified", Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal("substantial", _harness.State.Variables["kyc.level"].GetString());
        Assert.False(_harness.State.Variables.ContainsKey("kyc.ignored"));
    }

    [Fact]
    public async Task Resume_with_an_outcome_not_listed_follows_error()
    {
        var nonce = await WaitAsync();

        var result = await Activity().ResumeAsync(Context(), Answer(nonce, "anything"));

        Assert.Equal(RedirectToApplication.Error, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Resume_with_the_nonce_of_another_visit_keeps_waiting()
    {
        await WaitAsync();

        var result = await Activity().ResumeAsync(Context(), Answer("another-nonce", "verified"));

        Assert.Equal(FlowStatuses.ExternalActionRequired, Assert.IsType<SuspendResult>(result).Prompt.Status);
    }

    [Fact]
    public async Task An_answer_moves_the_flow_on_once_only()
    {
        var nonce = await WaitAsync();
        await Activity().ResumeAsync(Context(), Answer(nonce, "verified"));

        var again = await Activity().ResumeAsync(Context(), Answer(nonce, "verified"));

        Assert.IsType<SuspendResult>(again);
    }

    private async Task<string> WaitAsync()
    {
        var prompt = Assert.IsType<SuspendResult>(await Activity().ExecuteAsync(Context())).Prompt;
        _harness.Instance.Prompt = prompt;
        return _redirects.Issued[^1].Nonce;
    }

    private static FlowAction Answer(string nonce, string outcome, JsonObject? data = null) =>
        FlowAction.Create(FlowActions.ExternalContinue, new JsonObject
        {
            [ApplicationAnswerFields.Nonce] = nonce,
            [ApplicationAnswerFields.Outcome] = outcome,
            [ApplicationAnswerFields.Data] = data,
        });

    private RedirectToApplication Activity() => new(_redirects, _harness.Users)
    {
        Url = "https://kyc.example.com/start?lang=en",
        Outcomes = ["verified", "rejected"],
        SendAttributes = ["username"],
        KeepFields = ["level"],
    };

    private ActivityContext Context() => _harness.ContextFor<RedirectToApplication>("kyc");
}
