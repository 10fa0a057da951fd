using Flows.Activities.Messaging;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>The SMS enrolment step: its own status and field, a number that is not one, and the right code storing the number.</summary>
public sealed class EnrollSmsTests
{
    private const string Number = "+15551234567";

    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryMessagedCodes _codes;
    private readonly TestAccount _alice;
    private readonly EnrollSms _activity;

    public EnrollSmsTests()
    {
        _codes = new InMemoryMessagedCodes(_harness.Clock);
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(_alice);
        _activity = new EnrollSms(_harness.Users, _codes, new InMemoryContactDevices(_codes));
    }

    [Fact]
    public async Task Execute_asks_for_a_phone_number()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.SmsEnrollmentRequired, prompt.Status);
        Assert.Equal([FlowActions.SmsEnroll], prompt.Actions);
    }

    [Fact]
    public async Task A_number_that_is_not_one_is_refused_naming_the_phone_field()
    {
        var result = await _activity.ResumeAsync(Context(), FlowAnswers.SmsEnroll("555-1234"));

        var error = Assert.IsType<RejectResult>(result).Error;
        Assert.Equal(FlowErrorCodes.InvalidValue, error.Code);
        Assert.Equal(ContactEnrollmentFields.Phone, error.Target);
        Assert.Empty(_codes.Sent);
    }

    [Fact]
    public async Task The_right_code_stores_the_number_as_verified_and_signs_in_with_otp_and_sms()
    {
        await _activity.ExecuteAsync(Context());
        await _activity.ResumeAsync(Context(), FlowAnswers.SmsEnroll(Number));

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(EnrollSms.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(Number, _codes.DeviceOf(_alice.Id, ContactChannel.Sms));
        Assert.Contains(AuthenticationMethods.Sms, _harness.State.Amr);
        Assert.Contains(AuthenticationMethods.Otp, _harness.State.Amr);
    }

    [Fact]
    public async Task Execute_for_a_user_with_a_verified_number_follows_alreadyEnrolled()
    {
        _codes.AddDevice(_alice.Id, ContactChannel.Sms, Number);

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(EnrollSms.AlreadyEnrolled, Assert.IsType<OutcomeResult>(result).Name);
    }

    private ActivityContext Context() => _harness.ContextFor<EnrollSms>("enrollSms");
}
