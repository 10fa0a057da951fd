using Flows.Activities.Messaging;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>The SMS code step: the code goes to the phone, not the e-mail address, and a right one records sms.</summary>
public sealed class AskForSmsCodeTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryMessagedCodes _codes;
    private readonly AskForSmsCode _activity;

    public AskForSmsCodeTests()
    {
        _codes = new InMemoryMessagedCodes(_harness.Clock);
        var alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _codes.AddDevice(alice.Id, ContactChannel.Email, "alice@example.com");
        _codes.AddDevice(alice.Id, ContactChannel.Sms, "+15551234567");
        _harness.SignInWithPassword(alice);
        _activity = new AskForSmsCode(_harness.Users, _codes) { CodeLength = 8 };
    }

    [Fact]
    public async Task Execute_texts_a_code_of_the_configured_length_to_the_phone()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        var sent = Assert.Single(_codes.Sent);
        Assert.Equal("+15551234567", sent.Address);
        Assert.Equal(8, sent.Code.Length);
        Assert.Equal(MessagedCodeFields.SmsType, (string?)prompt.Data?[MessagedCodeFields.Device]?[MessagedCodeFields.DeviceType]);
    }

    [Fact]
    public async Task Resume_with_the_texted_code_records_otp_sms_and_mfa()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAnswers.Otp(_codes.LastCode));

        Assert.Equal(AskForSmsCode.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(
            [AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.Sms, AuthenticationMethods.MultiFactor],
            _harness.State.Amr);
    }

    [Fact]
    public async Task A_code_length_outside_6_to_8_is_clamped()
    {
        var activity = new AskForSmsCode(_harness.Users, _codes) { CodeLength = 3 };

        await activity.ExecuteAsync(Context());

        Assert.Equal(6, _codes.LastCode.Length);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForSmsCode>("smsCode");
}
