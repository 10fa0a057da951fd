using System.Text.Json;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Engine.Instances;
using Flows.Testing;
using OtpNet;

namespace Flows.Activities.Tests;

/// <summary>
/// Enrolling an authenticator: the new key as the prompt shows it, a right code storing it (used up), wrong
/// codes, the attempt limit, users enrolled already, and the key leaving the flow state once the step is over.
/// </summary>
public sealed class EnrollOtpTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _bob;
    private readonly EnrollOtp _activity;

    public EnrollOtpTests()
    {
        _bob = _harness.Users.Add(new TestAccount { Id = "user-bob", Username = "bob" });
        _harness.SignInWithPassword(_bob);
        _activity = new EnrollOtp(_harness.Users);
    }

    [Fact]
    public async Task Execute_shows_a_new_160_bit_key_as_text_and_otpauth_uri_and_asks_for_a_code()
    {
        var prompt = await ExecuteAsync();

        var key = Secret(prompt);
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, prompt.Status);
        Assert.Equal([FlowActions.OtpEnroll], prompt.Actions);
        Assert.Equal(20, Base32Encoding.ToBytes(key).Length);
        Assert.Equal($"otpauth://totp/Flows%20env-test:bob?secret={key}&issuer=Flows%20env-test&algorithm=SHA1&digits=6&period=30",
            (string?)prompt.Data?[OtpEnrollmentFields.OtpauthUri]);
        Assert.Equal(("Flows env-test", "bob", 5), ((string?)prompt.Data?[OtpEnrollmentFields.Issuer], (string?)prompt.Data?[OtpEnrollmentFields.Account], (int?)prompt.Data?[OtpEnrollmentFields.RemainingAttempts]));
        Assert.Null(_bob.TotpSecret);
    }

    [Fact]
    public async Task Execute_names_the_issuer_the_node_sets()
    {
        _activity.Issuer = "Example Corp";

        var prompt = await ExecuteAsync();

        Assert.Equal("Example Corp", (string?)prompt.Data?[OtpEnrollmentFields.Issuer]);
        Assert.StartsWith("otpauth://totp/Example%20Corp:bob?", (string?)prompt.Data?[OtpEnrollmentFields.OtpauthUri]);
    }

    [Fact]
    public async Task Each_flow_gets_a_key_of_its_own()
    {
        var first = Secret(await ExecuteAsync());
        _harness.StartNewFlow();
        _harness.SignInWithPassword(_bob);

        var second = Secret(await ExecuteAsync());

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Resume_with_a_code_of_the_new_key_stores_it_adds_otp_and_mfa_and_follows_success()
    {
        var key = Secret(await ExecuteAsync());
        _harness.Clock.Advance(TimeSpan.FromSeconds(10));

        var result = await _activity.ResumeAsync(Context(), Enroll(CodeAt(key, TimeSpan.Zero)));

        Assert.Equal(EnrollOtp.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(Base32Encoding.ToBytes(key), _bob.TotpSecret);
        Assert.Equal([AuthenticationMethods.Password, AuthenticationMethods.Otp, AuthenticationMethods.MultiFactor], _harness.State.Amr);
        Assert.Equal(_harness.Clock.GetUtcNow(), _harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task The_code_that_confirmed_the_key_cannot_sign_in_again()
    {
        var key = Secret(await ExecuteAsync());
        var code = CodeAt(key, TimeSpan.Zero);
        await _activity.ResumeAsync(Context(), Enroll(code));
        _harness.StartNewFlow();
        _harness.SignInWithPassword(_bob);

        var replayed = await new AskForOtp(_harness.Users).ResumeAsync(Context(), FlowAnswers.Otp(code));

        Assert.Equal(FlowErrorCodes.InvalidOtp, Assert.IsType<SuspendResult>(replayed).Prompt.Error?.Code);
    }

    [Fact]
    public async Task Resume_with_a_wrong_code_keeps_the_step_and_the_key_and_reports_error()
    {
        var key = Secret(await ExecuteAsync());

        var result = await _activity.ResumeAsync(Context(), Enroll(WrongCode(key)));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.OtpEnrollmentRequired, prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidOtp, prompt.Error?.Code);
        Assert.Equal(key, Secret(prompt));
        Assert.Equal(4, (int?)prompt.Data?[OtpEnrollmentFields.RemainingAttempts]);
        Assert.Null(_bob.TotpSecret);
        Assert.DoesNotContain(AuthenticationMethods.Otp, _harness.State.Amr);
    }

    [Fact]
    public async Task Resume_without_a_code_asks_again_without_spending_an_attempt()
    {
        await ExecuteAsync();

        var result = await _activity.ResumeAsync(Context(), Enroll(""));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.InvalidRequest, prompt.Error?.Code);
        Assert.Equal(5, (int?)prompt.Data?[OtpEnrollmentFields.RemainingAttempts]);
    }

    [Fact]
    public async Task A_code_of_a_step_outside_the_drift_is_wrong()
    {
        var key = Secret(await ExecuteAsync());

        var result = await _activity.ResumeAsync(Context(), Enroll(CodeAt(key, -2 * Step)));

        Assert.Equal(FlowErrorCodes.InvalidOtp, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task The_last_allowed_wrong_code_follows_tooManyAttempts_and_forgets_the_key()
    {
        _activity.MaxAttempts = 2;
        var key = Secret(await ExecuteAsync());
        await _activity.ResumeAsync(Context(), Enroll(WrongCode(key)));

        var result = await _activity.ResumeAsync(Context(), Enroll(WrongCode(key)));

        Assert.Equal(EnrollOtp.TooManyAttempts, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_bob.TotpSecret);
        Assert.DoesNotContain(_harness.State.Variables, variable => variable.Key.EndsWith(".pendingSecret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entering_the_step_again_does_not_grant_new_attempts()
    {
        _activity.MaxAttempts = 1;
        var key = Secret(await ExecuteAsync());
        await _activity.ResumeAsync(Context(), Enroll(WrongCode(key)));

        var again = await _activity.ExecuteAsync(Context());

        Assert.Equal(EnrollOtp.TooManyAttempts, Assert.IsType<OutcomeResult>(again).Name);
    }

    [Fact]
    public async Task The_key_leaves_the_flow_state_once_it_is_stored()
    {
        var key = Secret(await ExecuteAsync());
        Assert.Contains(key, StateJson());

        await _activity.ResumeAsync(Context(), Enroll(CodeAt(key, TimeSpan.Zero)));

        Assert.DoesNotContain(key, StateJson());
    }

    [Fact]
    public async Task A_key_made_for_another_user_of_a_restarted_flow_is_not_reused()
    {
        var first = Secret(await ExecuteAsync());
        var carol = _harness.Users.Add(new TestAccount { Id = "user-carol", Username = "carol" });
        _harness.State.UserId = carol.Id;
        _harness.State.Username = carol.Username;

        var prompt = await ExecuteAsync();

        Assert.NotEqual(first, Secret(prompt));
        Assert.Equal("carol", (string?)prompt.Data?[OtpEnrollmentFields.Account]);
    }

    [Fact]
    public async Task Execute_for_a_user_with_an_authenticator_follows_alreadyEnrolled()
    {
        _bob.TotpSecret = KeyGeneration.GenerateRandomKey(20);

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(EnrollOtp.AlreadyEnrolled, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task An_authenticator_enrolled_meanwhile_is_kept_and_the_step_follows_alreadyEnrolled()
    {
        var key = Secret(await ExecuteAsync());
        var other = KeyGeneration.GenerateRandomKey(20);
        _bob.TotpSecret = other;

        var result = await _activity.ResumeAsync(Context(), Enroll(CodeAt(key, TimeSpan.Zero)));

        Assert.Equal(EnrollOtp.AlreadyEnrolled, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(other, _bob.TotpSecret);
        Assert.DoesNotContain(AuthenticationMethods.Otp, _harness.State.Amr);
    }

    [Fact]
    public async Task Execute_without_an_identified_user_fails_the_flow()
    {
        _harness.StartNewFlow();

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    private async Task<FlowPrompt> ExecuteAsync() => Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

    private ActivityContext Context() => _harness.ContextFor<EnrollOtp>("enrollOtp");

    private static string Secret(FlowPrompt prompt) => (string)prompt.Data![OtpEnrollmentFields.Secret]!;

    private static FlowAction Enroll(string otp) => FlowAnswers.OtpEnroll(otp);

    private string CodeAt(string key, TimeSpan offset) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp((_harness.Clock.GetUtcNow() + offset).UtcDateTime);

    /// <summary>A code that matches no step within the drift window.</summary>
    private string WrongCode(string key)
    {
        var valid = new[] { -Step, TimeSpan.Zero, Step }.Select(offset => CodeAt(key, offset)).ToHashSet();
        return Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6")).First(code => !valid.Contains(code));
    }

    private string StateJson() => JsonSerializer.Serialize(_harness.State);
}
