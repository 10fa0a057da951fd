using System.Text.Json.Nodes;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>E-mail verification after a registration: right, wrong and expired codes, the attempt and resend limits, and a taken registration.</summary>
public sealed class VerifyEmailTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly InMemoryUserRegistrations _registrations;
    private readonly VerifyEmail _activity;

    public VerifyEmailTests()
    {
        _registrations = new InMemoryUserRegistrations(_harness.Clock);
        _activity = new VerifyEmail(_registrations) { MaxAttempts = 2, MaxResends = 1, ResendIntervalSeconds = 30 };
    }

    [Fact]
    public async Task Execute_sends_a_code_and_asks_for_it_with_the_address_masked()
    {
        await RegisterAsync("nina", "nina@example.com");

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(FlowStatuses.VerificationCodeRequired, prompt.Status);
        Assert.Equal([FlowActions.UserVerify, FlowActions.UserSendVerificationCode], prompt.Actions);
        Assert.Equal("n•••@example.com", (string?)prompt.Data![VerificationFields.Email]);
        Assert.NotNull(Assert.Single(_registrations.Mails).Code);
    }

    [Fact]
    public async Task The_right_code_verifies_enables_and_identifies_the_user_with_pwd_and_email()
    {
        var userId = await RegisterAsync("nina", "nina@example.com");
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), Verify(_registrations.Mails[0].Code!));

        Assert.Equal(VerifyEmail.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(userId, _harness.State.UserId);
        Assert.Equal("nina", _harness.State.Username);
        Assert.Equal(["email", "pwd"], _harness.State.Amr.Order(StringComparer.Ordinal));
        Assert.True(_registrations.Accounts[userId].Enabled);
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_step_and_the_last_allowed_one_follows_tooManyAttempts()
    {
        await RegisterAsync("nina", "nina@example.com");
        await _activity.ExecuteAsync(Context());

        var first = Assert.IsType<SuspendResult>(await _activity.ResumeAsync(Context(), Verify("999999"))).Prompt;
        var second = await _activity.ResumeAsync(Context(), Verify("999999"));

        Assert.Equal(FlowErrorCodes.InvalidOtp, first.Error?.Code);
        Assert.Equal(1, (int)first.Data![VerificationFields.RemainingAttempts]!);
        Assert.Equal(VerifyEmail.TooManyAttempts, Assert.IsType<OutcomeResult>(second).Name);
        Assert.Null(_harness.State.UserId);
    }

    [Fact]
    public async Task An_expired_code_is_refused_as_expired()
    {
        await RegisterAsync("nina", "nina@example.com");
        await _activity.ExecuteAsync(Context());
        _harness.Clock.Advance(TimeSpan.FromMinutes(11));

        var prompt = Assert.IsType<SuspendResult>(await _activity.ResumeAsync(Context(), Verify(_registrations.Mails[0].Code!))).Prompt;

        Assert.Equal(FlowErrorCodes.ExpiredOtp, prompt.Error?.Code);
        Assert.Null(_harness.State.UserId);
    }

    [Fact]
    public async Task A_resend_waits_for_its_interval_and_stops_at_the_limit()
    {
        await RegisterAsync("nina", "nina@example.com");
        await _activity.ExecuteAsync(Context());

        var tooSoon = await _activity.ResumeAsync(Context(), Resend());
        _harness.Clock.Advance(TimeSpan.FromSeconds(31));
        var resent = await _activity.ResumeAsync(Context(), Resend());
        _harness.Clock.Advance(TimeSpan.FromSeconds(31));
        var beyond = await _activity.ResumeAsync(Context(), Resend());

        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<RejectResult>(tooSoon).Error.Code);
        Assert.IsType<SuspendResult>(resent);
        Assert.Equal(FlowErrorCodes.ResendNotAllowed, Assert.IsType<RejectResult>(beyond).Error.Code);
        Assert.Equal(2, _registrations.Mails.Count);
    }

    [Fact]
    public async Task A_taken_registration_gets_the_same_step_a_notice_instead_of_a_code_and_no_code_is_right()
    {
        _registrations.TakenAddresses.Add("erin@example.com");
        await RegisterAsync("rita", "erin@example.com");

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;
        var guess = Assert.IsType<SuspendResult>(await _activity.ResumeAsync(Context(), Verify("100000"))).Prompt;

        Assert.Equal(FlowStatuses.VerificationCodeRequired, prompt.Status);
        Assert.Equal(("erin@example.com", (string?)null), Assert.Single(_registrations.Mails));
        Assert.Equal(FlowErrorCodes.InvalidOtp, guess.Error?.Code);
        Assert.Null(_harness.State.UserId);
    }

    [Fact]
    public async Task Without_a_registration_before_it_the_step_fails()
    {
        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    private async Task<string> RegisterAsync(string username, string email)
    {
        var register = new RegisterUser(_registrations, new InMemoryUserProfiles(_ => null));
        await register.ResumeAsync(_harness.ContextFor<RegisterUser>("register"), FlowAction.Create(FlowActions.UserRegister, new JsonObject
        {
            [RegistrationFields.Username] = username,
            [RegistrationFields.Email] = email,
            [RegistrationFields.Password] = "long-enough-1",
        }));
        return PendingRegistration.Of(_harness.State)?.UserId ?? "";
    }

    private static FlowAction Verify(string code) =>
        FlowAction.Create(FlowActions.UserVerify, new JsonObject { [VerificationFields.VerificationCode] = code });

    private static FlowAction Resend() => FlowAction.Create(FlowActions.UserSendVerificationCode, new JsonObject());

    private ActivityContext Context() => _harness.ContextFor<VerifyEmail>("verify");
}
