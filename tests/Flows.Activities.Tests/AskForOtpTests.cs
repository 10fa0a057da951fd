using System.Text;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;
using OtpNet;

namespace Flows.Activities.Tests;

/// <summary>
/// The TOTP step: valid, wrong, replayed and out-of-window codes, the flow's attempt limit, the user's lock over all
/// flows, and users without a device.
/// </summary>
public sealed class AskForOtpTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    // The RFC 6238 Appendix B test key.
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("12345678901234567890");

    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice;
    private readonly AskForOtp _activity;

    public AskForOtpTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", TotpSecret = Secret });
        _harness.SignInWithPassword(_alice);
        _activity = new AskForOtp(_harness.Users);
    }

    [Fact]
    public async Task Execute_asks_for_a_code_with_every_attempt_remaining()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.OtpRequired, prompt.Status);
        Assert.Equal([FlowActions.OtpCheck], prompt.Actions);
        Assert.Equal(5, (int?)prompt.Data?[OtpFields.RemainingAttempts]);
    }

    [Fact]
    public async Task Execute_for_a_user_without_an_authenticator_follows_noDevice()
    {
        _alice.TotpSecret = null;

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(AskForOtp.NoDevice, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_without_an_identified_user_fails_the_flow()
    {
        _harness.StartNewFlow();

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    [Fact]
    public async Task Resume_with_the_current_code_adds_otp_and_mfa_and_follows_success()
    {
        _harness.Clock.Advance(TimeSpan.FromSeconds(10));

        var result = await _activity.ResumeAsync(Context(), Check(CodeAt(TimeSpan.Zero)));

        Assert.Equal(AskForOtp.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal([AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.MultiFactor], _harness.State.Amr);
        Assert.Equal(_harness.Clock.GetUtcNow(), _harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task Resume_accepts_a_code_typed_with_a_space()
    {
        var code = CodeAt(TimeSpan.Zero);

        var result = await _activity.ResumeAsync(Context(), Check($"{code[..3]} {code[3..]}"));

        Assert.Equal(AskForOtp.Success, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Resume_with_a_wrong_code_keeps_status_and_reports_error_with_remaining_attempts()
    {
        var result = await _activity.ResumeAsync(Context(), Check(WrongCode()));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.OtpRequired, prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidOtp, prompt.Error?.Code);
        Assert.Equal(4, (int?)prompt.Data?[OtpFields.RemainingAttempts]);
        Assert.DoesNotContain(AuthenticationMethods.Otp, _harness.State.Amr);
    }

    [Fact]
    public async Task Resume_with_a_code_already_used_is_rejected_like_a_wrong_code()
    {
        var code = CodeAt(TimeSpan.Zero);
        await _activity.ResumeAsync(Context(), Check(code));
        _harness.StartNewFlow();
        _harness.SignInWithPassword(_alice);

        var result = await new AskForOtp(_harness.Users).ResumeAsync(Context(), Check(code));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.InvalidOtp, prompt.Error?.Code);
        Assert.Equal(4, (int?)prompt.Data?[OtpFields.RemainingAttempts]);
        Assert.DoesNotContain(AuthenticationMethods.Otp, _harness.State.Amr);
    }

    [Theory]
    [InlineData(-30)]
    [InlineData(30)]
    public async Task Resume_with_a_code_one_step_away_is_accepted_within_the_default_drift(int offsetSeconds)
    {
        var result = await _activity.ResumeAsync(Context(), Check(CodeAt(TimeSpan.FromSeconds(offsetSeconds))));

        Assert.Equal(AskForOtp.Success, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(60)]
    public async Task Resume_with_a_code_outside_the_window_is_rejected(int offsetSeconds)
    {
        var result = await _activity.ResumeAsync(Context(), Check(CodeAt(TimeSpan.FromSeconds(offsetSeconds))));

        Assert.Equal(FlowErrorCodes.InvalidOtp, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task Resume_with_no_drift_allowed_rejects_the_previous_steps_code()
    {
        _activity.AllowedClockDriftSteps = 0;

        var result = await _activity.ResumeAsync(Context(), Check(CodeAt(-Step)));

        Assert.Equal(FlowErrorCodes.InvalidOtp, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task Resume_with_the_last_allowed_wrong_code_follows_tooManyAttempts()
    {
        _activity.MaxAttempts = 3;
        await _activity.ResumeAsync(Context(), Check(WrongCode()));
        await _activity.ResumeAsync(Context(), Check(WrongCode()));

        var result = await _activity.ResumeAsync(Context(), Check(WrongCode()));

        Assert.Equal(AskForOtp.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Execute_again_after_the_attempts_are_exhausted_grants_no_new_attempts()
    {
        _activity.MaxAttempts = 1;
        await _activity.ResumeAsync(Context(), Check(WrongCode()));

        var result = await new AskForOtp(_harness.Users) { MaxAttempts = 1 }.ExecuteAsync(Context());

        Assert.Equal(AskForOtp.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task Resume_while_the_users_codes_are_locked_follows_tooManyAttempts_without_accepting_the_right_code()
    {
        _alice.OtpLockedOutUntil = ActivityTestHarness.StartTime.AddMinutes(5);

        var result = await _activity.ResumeAsync(Context(), Check(CodeAt(TimeSpan.Zero)));

        Assert.Equal(AskForOtp.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_alice.LastTotpTimeStep);
        Assert.DoesNotContain(AuthenticationMethods.Otp, _harness.State.Amr);
    }

    [Fact]
    public async Task Resume_with_the_wrong_code_that_locks_the_users_codes_follows_tooManyAttempts_before_the_flows_limit()
    {
        _alice.OtpFailedAttempts = 9;

        var result = await _activity.ResumeAsync(Context(), Check(WrongCode()));

        Assert.Equal(AskForOtp.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
        Assert.NotNull(_alice.OtpLockedOutUntil);
    }

    [Fact]
    public async Task Resume_with_the_right_code_starts_the_users_count_of_wrong_codes_afresh()
    {
        _alice.OtpFailedAttempts = 4;

        await _activity.ResumeAsync(Context(), Check(CodeAt(TimeSpan.Zero)));

        Assert.Equal(0, _alice.OtpFailedAttempts);
    }

    [Fact]
    public async Task Resume_without_a_code_reports_invalid_request_without_using_an_attempt()
    {
        var result = await _activity.ResumeAsync(Context(), Check(""));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.InvalidRequest, prompt.Error?.Code);
        Assert.Equal(5, (int?)prompt.Data?[OtpFields.RemainingAttempts]);
    }

    [Fact]
    public async Task Resume_after_the_authenticator_was_removed_follows_noDevice()
    {
        var code = CodeAt(TimeSpan.Zero);
        _alice.TotpSecret = null;

        var result = await _activity.ResumeAsync(Context(), Check(code));

        Assert.Equal(AskForOtp.NoDevice, Assert.IsType<OutcomeResult>(result).Name);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForOtp>("otp");

    private string CodeAt(TimeSpan offset) =>
        new Totp(Secret).ComputeTotp((_harness.Clock.GetUtcNow() + offset).UtcDateTime);

    /// <summary>A well-formed code that is not valid for any step the default window accepts.</summary>
    private string WrongCode()
    {
        var valid = new[] { -Step, TimeSpan.Zero, Step }.Select(CodeAt).ToHashSet();
        return Enumerable.Range(0, 4).Select(digit => new string((char)('0' + digit), 6)).First(code => !valid.Contains(code));
    }

    private static FlowAction Check(string otp) => FlowAnswers.Otp(otp);
}
