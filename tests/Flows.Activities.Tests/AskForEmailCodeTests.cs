using Flows.Activities.Messaging;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>
/// The e-mail code step: the code sent on entry, right, wrong, expired and used codes, the flow's attempt limit and the
/// user's lock over all flows, resends (too soon, too many, failing), a mail server that is down, and users without a device.
/// </summary>
public sealed class AskForEmailCodeTests
{
    private const string Address = "alice@example.com";

    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryMessagedCodes _codes;
    private readonly TestAccount _alice;
    private readonly AskForEmailCode _activity;

    public AskForEmailCodeTests()
    {
        _codes = new InMemoryMessagedCodes(_harness.Clock);
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _codes.AddDevice(_alice.Id, ContactChannel.Email, Address);
        _harness.SignInWithPassword(_alice);
        _activity = new AskForEmailCode(_harness.Users, _codes) { MaxAttempts = 3, MaxResends = 2, ResendIntervalSeconds = 30, CodeLifetimeMinutes = 5 };
    }

    [Fact]
    public async Task Execute_sends_a_code_and_asks_for_it_naming_the_masked_address()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.OtpRequired, prompt.Status);
        Assert.Equal([FlowActions.OtpCheck, FlowActions.OtpResend], prompt.Actions);
        Assert.Equal(Address, Assert.Single(_codes.Sent).Address);
        Assert.Equal("a•••", (string?)prompt.Data?[MessagedCodeFields.Device]?[MessagedCodeFields.DeviceTarget]);
        Assert.Equal(MessagedCodeFields.EmailType, (string?)prompt.Data?[MessagedCodeFields.Device]?[MessagedCodeFields.DeviceType]);
        Assert.Equal(2, (int?)prompt.Data?[MessagedCodeFields.RemainingResends]);
        Assert.Null(prompt.Error);
    }

    [Fact]
    public async Task Execute_for_a_user_without_an_email_device_follows_noDevice_and_sends_nothing()
    {
        _codes.RemoveDevice(_alice.Id, ContactChannel.Email);

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(AskForEmailCode.NoDevice, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Empty(_codes.Sent);
    }

    [Fact]
    public async Task Execute_when_the_mail_cannot_be_sent_waits_with_an_error_and_offers_a_resend()
    {
        _codes.FailSending = true;

        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.CodeNotSent, prompt.Error?.Code);
        Assert.Contains(FlowActions.OtpResend, prompt.Actions);
    }

    [Fact]
    public async Task Resume_with_the_sent_code_adds_otp_email_and_mfa_and_follows_success()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(AskForEmailCode.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(
            [AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.Email, AuthenticationMethods.MultiFactor],
            _harness.State.Amr);
    }

    [Fact]
    public async Task A_code_that_is_the_only_factor_does_not_claim_mfa()
    {
        _harness.State.Amr.Clear();
        await _activity.ExecuteAsync(Context());

        await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal([AuthenticationMethods.Otp, AuthenticationMethods.Email], _harness.State.Amr);
    }

    [Fact]
    public async Task Resume_with_a_wrong_code_keeps_asking_with_one_attempt_fewer()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999999"));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.InvalidOtp, prompt.Error?.Code);
        Assert.Equal(2, (int?)prompt.Data?[OtpFields.RemainingAttempts]);
        Assert.Equal(1, _alice.OtpFailedAttempts);
    }

    [Fact]
    public async Task Resume_with_an_expired_code_says_so_and_counts_it()
    {
        await _activity.ExecuteAsync(Context());
        _harness.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(FlowErrorCodes.ExpiredOtp, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
        Assert.DoesNotContain(AuthenticationMethods.Email, _harness.State.Amr);
    }

    [Fact]
    public async Task Wrong_codes_up_to_the_limit_follow_tooManyAttempts()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999999"));
        await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999998"));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999997"));

        Assert.Equal(AskForEmailCode.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task A_user_whose_codes_are_locked_is_refused_even_the_right_code()
    {
        await _activity.ExecuteAsync(Context());
        _alice.OtpLockedOutUntil = _harness.Clock.GetUtcNow().AddMinutes(5);

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(AskForEmailCode.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task A_used_code_does_not_work_again()
    {
        await _activity.ExecuteAsync(Context());
        var code = _codes.LastCode;
        await _activity.ResumeAsync(Context(), FlowAnswers.Otp(code));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(code));

        Assert.Equal(FlowErrorCodes.InvalidOtp, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task A_resend_before_the_interval_is_refused_and_sends_nothing()
    {
        await _activity.ExecuteAsync(Context());
        _harness.Clock.Advance(TimeSpan.FromSeconds(29));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.OtpResend());

        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<RejectResult>(result).Error.Code);
        Assert.Single(_codes.Sent);
    }

    [Fact]
    public async Task A_resend_after_the_interval_sends_a_new_code_and_the_old_one_stops_working()
    {
        await _activity.ExecuteAsync(Context());
        var first = _codes.LastCode;
        _harness.Clock.Advance(TimeSpan.FromSeconds(30));

        var resent = await _activity.ResumeAsync(Context(), FlowAnswers.OtpResend());
        var old = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(first));

        Assert.Equal(1, (int?)Assert.IsType<SuspendResult>(resent).Prompt.Data?[MessagedCodeFields.RemainingResends]);
        Assert.Equal(2, _codes.Sent.Count);
        Assert.Equal(FlowErrorCodes.InvalidOtp, Assert.IsType<SuspendResult>(old).Prompt.Error?.Code);
    }

    [Fact]
    public async Task Resends_beyond_the_limit_are_refused()
    {
        await _activity.ExecuteAsync(Context());
        for (var resend = 0; resend < 2; resend++)
        {
            _harness.Clock.Advance(TimeSpan.FromSeconds(30));
            Assert.IsType<SuspendResult>(await _activity.ResumeAsync(Context(), FlowAnswers.OtpResend()));
        }

        _harness.Clock.Advance(TimeSpan.FromSeconds(30));
        var result = await _activity.ResumeAsync(Context(), FlowAnswers.OtpResend());

        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<RejectResult>(result).Error.Code);
        Assert.Equal(3, _codes.Sent.Count);
    }

    [Fact]
    public async Task A_resend_the_mail_server_fails_is_refused_without_using_up_a_resend()
    {
        await _activity.ExecuteAsync(Context());
        _harness.Clock.Advance(TimeSpan.FromSeconds(30));
        _codes.FailSending = true;

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.OtpResend());
        _codes.FailSending = false;
        var retried = await _activity.ResumeAsync(Context(), FlowAnswers.OtpResend());

        Assert.Equal(FlowErrorCodes.CodeNotSent, Assert.IsType<RejectResult>(result).Error.Code);
        Assert.Equal(1, (int?)Assert.IsType<SuspendResult>(retried).Prompt.Data?[MessagedCodeFields.RemainingResends]);
    }

    [Fact]
    public async Task Resume_after_the_device_was_removed_follows_noDevice()
    {
        await _activity.ExecuteAsync(Context());
        _codes.RemoveDevice(_alice.Id, ContactChannel.Email);

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(AskForEmailCode.NoDevice, Assert.IsType<OutcomeResult>(result).Name);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForEmailCode>("emailCode");
}
