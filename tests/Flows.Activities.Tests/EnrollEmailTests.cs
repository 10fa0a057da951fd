using Flows.Activities.Messaging;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>
/// The e-mail enrolment step: the address asked for, a wrong one refused with its field, a code sent to the typed
/// address, the right code storing it as verified, wrong and expired codes, the resend limit, another address at the
/// code step, and users who have an address already.
/// </summary>
public sealed class EnrollEmailTests
{
    private const string Address = "alice@example.com";

    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryMessagedCodes _codes;
    private readonly TestAccount _alice;
    private readonly EnrollEmail _activity;

    public EnrollEmailTests()
    {
        _codes = new InMemoryMessagedCodes(_harness.Clock);
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(_alice);
        _activity = new EnrollEmail(_harness.Users, _codes, new InMemoryContactDevices(_codes))
        {
            MaxAttempts = 3, MaxResends = 1, ResendIntervalSeconds = 0, CodeLifetimeMinutes = 5,
        };
    }

    [Fact]
    public async Task Execute_asks_for_an_address_and_sends_nothing()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.EmailEnrollmentRequired, prompt.Status);
        Assert.Equal([FlowActions.EmailEnroll], prompt.Actions);
        Assert.Empty(_codes.Sent);
    }

    [Fact]
    public async Task Execute_for_a_user_with_a_verified_address_follows_alreadyEnrolled()
    {
        _codes.AddDevice(_alice.Id, ContactChannel.Email, Address);

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(EnrollEmail.AlreadyEnrolled, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task An_address_that_is_not_one_is_refused_naming_the_email_field_and_nothing_is_sent()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll("not-an-address"));

        var error = Assert.IsType<RejectResult>(result).Error;
        Assert.Equal(FlowErrorCodes.InvalidValue, error.Code);
        Assert.Equal(ContactEnrollmentFields.Email, error.Target);
        Assert.Empty(_codes.Sent);
    }

    [Fact]
    public async Task An_address_gets_a_code_and_the_step_asks_for_it_naming_the_masked_address()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.OtpRequired, prompt.Status);
        Assert.Equal([FlowActions.OtpCheck, FlowActions.OtpResend, FlowActions.EmailEnroll], prompt.Actions);
        Assert.Equal(Address, Assert.Single(_codes.Sent).Address);
        Assert.Equal("a•••", (string?)prompt.Data?[MessagedCodeFields.Device]?[MessagedCodeFields.DeviceTarget]);
        Assert.Null(_codes.DeviceOf(_alice.Id, ContactChannel.Email));
    }

    [Fact]
    public async Task The_right_code_stores_the_address_as_verified_and_signs_in_with_otp_email_and_mfa()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(EnrollEmail.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(Address, _codes.DeviceOf(_alice.Id, ContactChannel.Email));
        Assert.Equal(
            [AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.Email, AuthenticationMethods.MultiFactor],
            _harness.State.Amr);
    }

    [Fact]
    public async Task A_wrong_code_keeps_asking_and_stores_nothing()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999999"));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.InvalidOtp, prompt.Error?.Code);
        Assert.Equal(2, (int?)prompt.Data?[OtpFields.RemainingAttempts]);
        Assert.Null(_codes.DeviceOf(_alice.Id, ContactChannel.Email));
    }

    [Fact]
    public async Task An_expired_code_is_refused_as_expired_and_stores_nothing()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));
        _harness.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(FlowErrorCodes.ExpiredOtp, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
        Assert.Null(_codes.DeviceOf(_alice.Id, ContactChannel.Email));
    }

    [Fact]
    public async Task Wrong_codes_up_to_the_limit_follow_tooManyAttempts_and_store_nothing()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));
        await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999999"));
        await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999998"));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp("999997"));

        Assert.Equal(EnrollEmail.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_codes.DeviceOf(_alice.Id, ContactChannel.Email));
    }

    [Fact]
    public async Task Another_address_at_the_code_step_gets_the_next_code_and_the_sends_still_count()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll("alcie@example.com"));

        var corrected = await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));
        var resend = await _activity.ResumeAsync(Context(), FlowAnswers.OtpResend());
        var done = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(0, (int?)Assert.IsType<SuspendResult>(corrected).Prompt.Data?[MessagedCodeFields.RemainingResends]);
        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<RejectResult>(resend).Error.Code);
        Assert.Equal(["alcie@example.com", Address], _codes.Sent.Select(sent => sent.Address));
        Assert.Equal(EnrollEmail.Success, Assert.IsType<OutcomeResult>(done).Name);
        Assert.Equal(Address, _codes.DeviceOf(_alice.Id, ContactChannel.Email));
    }

    [Fact]
    public async Task An_address_typed_when_no_code_may_be_sent_is_not_proven_by_the_earlier_code()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll("second@example.com"));
        var codeOfAlice = _codes.Sent[0].Code;

        var unsent = await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll("mallory@example.com"));
        var done = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<SuspendResult>(unsent).Prompt.Error?.Code);
        Assert.NotEqual(codeOfAlice, _codes.LastCode);
        Assert.Equal(EnrollEmail.Success, Assert.IsType<OutcomeResult>(done).Name);
        Assert.Equal("second@example.com", _codes.DeviceOf(_alice.Id, ContactChannel.Email));
    }

    [Fact]
    public async Task An_address_whose_code_could_not_be_sent_is_not_proven_by_the_earlier_code()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll(Address));
        _codes.FailSending = true;

        await _activity.ResumeAsync(Context(), FlowAnswers.EmailEnroll("mallory@example.com"));
        await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(Address, _codes.DeviceOf(_alice.Id, ContactChannel.Email));
    }

    [Fact]
    public async Task A_code_before_any_address_asks_for_the_address_again()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp("123456"));

        Assert.Equal(FlowStatuses.EmailEnrollmentRequired, Assert.IsType<SuspendResult>(result).Prompt.Status);
    }

    [Fact]
    public async Task Execute_without_a_user_fails_the_flow()
    {
        _harness.StartNewFlow();

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    private ActivityContext Context() => _harness.ContextFor<EnrollEmail>("enrollEmail");
}
