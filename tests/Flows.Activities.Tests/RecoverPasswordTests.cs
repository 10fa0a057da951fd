using System.Text.Json;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>
/// The recovery step: a code asked for on entry whatever the username, the same prompt for a user and for no one, a
/// right code (password replaced, user signed in), wrong and expired codes, the attempt limit, weak passwords refused
/// before the code, and resends (too soon, too many).
/// </summary>
public sealed class RecoverPasswordTests
{
    private const string NewPassword = "a brand new passphrase";

    private readonly ActivityTestHarness _harness = new();
    private readonly FakePasswordRecovery _recovery;
    private readonly TestAccount _alice;
    private readonly RecoverPassword _activity;

    public RecoverPasswordTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", Password = "the old password" });
        _recovery = new FakePasswordRecovery(_harness.Users, _harness.Clock);
        _activity = new RecoverPassword(_recovery) { MaxAttempts = 2, MaxResends = 1, ResendIntervalSeconds = 30, CodeLifetimeMinutes = 5 };
        Forgot("alice");
    }

    [Fact]
    public async Task Execute_asks_for_a_code_for_the_username_and_names_no_address()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.RecoveryCodeRequired, prompt.Status);
        Assert.Equal([FlowActions.PasswordRecover, FlowActions.PasswordSendRecoveryCode], prompt.Actions);
        var request = Assert.Single(_recovery.Requests);
        Assert.Equal(("alice", TimeSpan.FromMinutes(5), 6), (request.Username, request.Lifetime, request.Length));
        Assert.Equal(["remainingAttempts", "remainingResends", "resendAllowedAt", "username"], prompt.Data!.Select(pair => pair.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unknown_username_gets_the_same_prompt_as_a_user()
    {
        var known = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;
        _harness.StartNewFlow();
        Forgot("nobody");

        var unknown = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(known.Status, unknown.Status);
        Assert.Equal(known.Actions, unknown.Actions);
        Assert.Equal(known.Data!.ToJsonString().Replace("alice", "nobody", StringComparison.Ordinal), unknown.Data!.ToJsonString());
        Assert.Equal(2, _recovery.Requests.Count);
    }

    [Fact]
    public async Task The_right_code_replaces_the_password_identifies_the_user_and_follows_success()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover(FakePasswordRecovery.Code, NewPassword));

        Assert.Equal(RecoverPassword.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal((_alice.Id, NewPassword), Assert.Single(_recovery.Recovered));
        Assert.Equal((_alice.Id, "alice"), (_harness.State.UserId, _harness.State.Username));
        Assert.Equal([AuthenticationMethods.Password], _harness.State.Amr);
        Assert.DoesNotContain(FlowVariables.RecoveryUsername, _harness.State.Variables.Keys);
    }

    [Fact]
    public async Task A_wrong_code_keeps_asking_with_one_attempt_fewer_and_identifies_no_one()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover("000000", NewPassword));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.InvalidRecoveryCode, prompt.Error?.Code);
        Assert.Equal(1, (int?)prompt.Data?[PasswordRecoveryFields.RemainingAttempts]);
        Assert.Null(_harness.State.UserId);
        Assert.Empty(_recovery.Recovered);
    }

    [Fact]
    public async Task An_expired_code_says_so()
    {
        await _activity.ExecuteAsync(Context());
        _harness.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover(FakePasswordRecovery.Code, NewPassword));

        Assert.Equal(FlowErrorCodes.ExpiredOtp, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
        Assert.Empty(_recovery.Recovered);
    }

    [Fact]
    public async Task Wrong_codes_up_to_the_limit_follow_tooManyAttempts_for_a_user_and_for_no_one_alike()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover("000000", NewPassword));
        var known = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover("000001", NewPassword));
        _harness.StartNewFlow();
        Forgot("nobody");
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover("000000", NewPassword));

        var unknown = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover("000001", NewPassword));

        Assert.Equal(RecoverPassword.TooManyAttempts, Assert.IsType<OutcomeResult>(known).Name);
        Assert.Equal(RecoverPassword.TooManyAttempts, Assert.IsType<OutcomeResult>(unknown).Name);
    }

    [Fact]
    public async Task A_user_whose_codes_are_locked_follows_tooManyAttempts()
    {
        _recovery.LockedUserIds.Add(_alice.Id);
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover(FakePasswordRecovery.Code, NewPassword));

        Assert.Equal(RecoverPassword.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task A_password_the_policy_refuses_is_rejected_before_the_code_is_checked()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover(FakePasswordRecovery.Code, "short"));

        var rejected = Assert.IsType<RejectResult>(result);
        Assert.Equal(FlowErrorCodes.PasswordTooWeak, rejected.Error.Code);
        Assert.Contains("at least 8 characters", rejected.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_recovery.Recovered);

        // The refused password cost no attempt: a wrong code after it is the first.
        var next = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover("000000", NewPassword));
        Assert.Equal(1, (int?)Assert.IsType<SuspendResult>(next).Prompt.Data?[PasswordRecoveryFields.RemainingAttempts]);
    }

    [Fact]
    public async Task Missing_fields_keep_asking_with_an_error()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordRecover(null, NewPassword));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task A_resend_too_soon_is_rejected_and_one_later_asks_for_a_new_code_until_the_limit()
    {
        await _activity.ExecuteAsync(Context());

        var tooSoon = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordSendRecoveryCode());
        _harness.Clock.Advance(TimeSpan.FromSeconds(30));
        var resent = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordSendRecoveryCode());
        _harness.Clock.Advance(TimeSpan.FromSeconds(30));
        var beyondLimit = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordSendRecoveryCode());

        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<RejectResult>(tooSoon).Error.Code);
        Assert.Equal(0, (int?)Assert.IsType<SuspendResult>(resent).Prompt.Data?[PasswordRecoveryFields.RemainingResends]);
        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<RejectResult>(beyondLimit).Error.Code);
        Assert.Equal(2, _recovery.Requests.Count);
    }

    [Fact]
    public async Task Without_a_username_the_step_fails_as_a_flow_design_error()
    {
        _harness.StartNewFlow();

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    private void Forgot(string username) =>
        _harness.State.Variables[FlowVariables.RecoveryUsername] = JsonSerializer.SerializeToElement(username);

    private Engine.Activities.ActivityContext Context() => _harness.ContextFor<RecoverPassword>("recover");
}
