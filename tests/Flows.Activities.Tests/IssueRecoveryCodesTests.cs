using System.Text.Json.Nodes;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The step that issues recovery codes: ten new codes shown once, the old ones gone.</summary>
public sealed class IssueRecoveryCodesTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryRecoveryCodes _codes = new();
    private readonly IssueRecoveryCodes _activity;

    public IssueRecoveryCodesTests()
    {
        var alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(alice);
        _activity = new IssueRecoveryCodes(_codes);
    }

    [Fact]
    public async Task Execute_shows_ten_new_codes_that_replace_the_old_ones()
    {
        var old = await _codes.RegenerateAsync(ActivityTestHarness.EnvironmentId, "user-alice", CancellationToken.None);

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        var shown = prompt.Data![RecoveryCodeFields.Codes]!.AsArray().Select(code => code!.GetValue<string>()).ToList();
        Assert.Equal("MFA_RECOVERY_CODES_ISSUED", prompt.Status);
        Assert.Equal(["recoveryCodes.acknowledge"], prompt.Actions);
        Assert.Equal(10, shown.Count);
        Assert.Equal(shown, _codes.CodesOf("user-alice"));
        Assert.Empty(old.Intersect(_codes.CodesOf("user-alice")));
    }

    [Fact]
    public async Task Acknowledging_moves_on_without_the_codes()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.RecoveryCodesAcknowledge, new JsonObject()));

        Assert.Equal(IssueRecoveryCodes.Success, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Without_an_identified_user_the_flow_fails()
    {
        _harness.StartNewFlow();

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    private ActivityContext Context() => _harness.ContextFor<IssueRecoveryCodes>();
}
