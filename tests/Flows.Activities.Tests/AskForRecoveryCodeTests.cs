using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The recovery-code step: a code works once, wrong codes count toward the flow's limit and the user's lock.</summary>
public sealed class AskForRecoveryCodeTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryRecoveryCodes _codes = new();
    private readonly TestAccount _alice;
    private readonly AskForRecoveryCode _activity;
    private readonly IReadOnlyList<string> _issued;

    public AskForRecoveryCodeTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(_alice);
        _issued = _codes.RegenerateAsync(ActivityTestHarness.EnvironmentId, _alice.Id, CancellationToken.None).Result;
        _activity = new AskForRecoveryCode(_codes, _harness.Users) { MaxAttempts = 2 };
    }

    [Fact]
    public async Task Execute_asks_for_a_code_under_its_own_status()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal("MFA_RECOVERY_CODE_REQUIRED", prompt.Status);
        Assert.Equal(["recoveryCode.check"], prompt.Actions);
        Assert.Equal(2, (int?)prompt.Data?[RecoveryCodeFields.RemainingAttempts]);
    }

    [Fact]
    public async Task A_right_code_signs_in_with_otp_and_mfa_and_is_used_up()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), Answer(_issued[3]));

        Assert.Equal(AskForRecoveryCode.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(["pwd", "otp", "mfa"], _harness.State.Amr);
        Assert.DoesNotContain(_issued[3], _codes.CodesOf(_alice.Id));
        Assert.Equal(9, _codes.CodesOf(_alice.Id).Count);
    }

    [Fact]
    public async Task A_used_code_is_wrong_the_second_time()
    {
        await _activity.ResumeAsync(Context(), Answer(_issued[0]));
        _harness.StartNewFlow();
        _harness.SignInWithPassword(_alice);

        var result = await _activity.ResumeAsync(Context(), Answer(_issued[0]));

        Assert.Equal(FlowErrorCodes.InvalidRecoveryCode, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task Wrong_codes_up_to_the_limit_follow_tooManyAttempts()
    {
        var first = await _activity.ResumeAsync(Context(), Answer("WRONG-CODE"));
        var second = await _activity.ResumeAsync(Context(), Answer("WRONG-CODE"));

        Assert.IsType<SuspendResult>(first);
        Assert.Equal(AskForRecoveryCode.TooManyAttempts, Assert.IsType<OutcomeResult>(second).Name);
    }

    [Fact]
    public async Task A_user_without_codes_follows_noCodes()
    {
        var bob = _harness.Users.Add(new TestAccount { Id = "user-bob", Username = "bob" });
        _harness.StartNewFlow();
        _harness.SignInWithPassword(bob);

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(AskForRecoveryCode.NoCodes, Assert.IsType<OutcomeResult>(result).Name);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForRecoveryCode>();

    private static FlowAction Answer(string code) =>
        FlowAction.Create(FlowActions.RecoveryCodeCheck, new Dictionary<string, object> { [RecoveryCodeFields.Code] = code });
}
