using System.Text.Json.Nodes;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>
/// The passkey step: as a second factor for the identified user, as a passwordless sign-in that identifies the user,
/// refusing answers to another challenge without changing the flow, and turning to a recovery code.
/// </summary>
public sealed class AskForPasskeyTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly FakePasskeys _passkeys = new();
    private readonly TestAccount _alice;
    private readonly AskForPasskey _activity;

    public AskForPasskeyTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _passkeys.Add(_alice.Id, "cred-alice");
        _activity = new AskForPasskey(_passkeys, _harness.Users);
    }

    [Fact]
    public async Task Execute_after_a_password_asks_for_one_of_the_users_passkeys()
    {
        _harness.SignInWithPassword(_alice);

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(FlowStatuses.AssertionRequired, prompt.Status);
        Assert.Equal([FlowActions.AssertionCheck, FlowActions.RecoveryCodeUse], prompt.Actions);
        Assert.Equal(["cred-alice"], Options(prompt)["allowCredentials"]!.AsArray().Select(id => id!.GetValue<string>()));
    }

    [Fact]
    public async Task After_a_device_choice_only_the_chosen_passkey_is_asked_for()
    {
        _harness.SignInWithPassword(_alice);
        _passkeys.Add(_alice.Id, "cred-alice-2");
        new SelectedDevice("cred-alice-2", Users.MfaDeviceKinds.Passkey).KeepIn(_harness.State);

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(["cred-alice-2"], Options(prompt)["allowCredentials"]!.AsArray().Select(id => id!.GetValue<string>()));
    }

    [Fact]
    public async Task A_chosen_device_of_another_kind_leaves_every_passkey_of_the_user_allowed()
    {
        _harness.SignInWithPassword(_alice);
        _passkeys.Add(_alice.Id, "cred-alice-2");
        new SelectedDevice("cred-alice-2", Users.MfaDeviceKinds.Totp).KeepIn(_harness.State);

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(["cred-alice", "cred-alice-2"], Options(prompt)["allowCredentials"]!.AsArray().Select(id => id!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Execute_for_a_user_without_a_passkey_follows_noPasskey()
    {
        var bob = _harness.Users.Add(new TestAccount { Id = "user-bob", Username = "bob" });
        _harness.SignInWithPassword(bob);

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(AskForPasskey.NoPasskey, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task A_right_assertion_after_a_password_signs_in_with_swk_user_and_mfa()
    {
        _harness.SignInWithPassword(_alice);
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        var result = await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(Options(prompt), "cred-alice")));

        Assert.Equal(AskForPasskey.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(["pwd", "swk", "user", "mfa"], _harness.State.Amr);
    }

    [Fact]
    public async Task Without_a_user_any_passkey_may_answer_and_names_the_user()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        var result = await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(Options(prompt), "cred-alice", userVerified: true)));

        Assert.Equal([FlowActions.AssertionCheck], prompt.Actions);
        Assert.Empty(Options(prompt)["allowCredentials"]!.AsArray());
        Assert.Equal(AskForPasskey.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal((_alice.Id, "alice"), (_harness.State.UserId, _harness.State.Username));
        Assert.Equal(["swk", "user", "mfa"], _harness.State.Amr);
        Assert.NotNull(_harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task A_passwordless_passkey_without_user_verification_is_one_factor()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(Options(prompt), "cred-alice", userVerified: false)));

        Assert.Equal(["swk", "user"], _harness.State.Amr);
    }

    [Fact]
    public async Task An_answer_to_another_challenge_is_rejected_and_signs_in_no_one()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;
        var other = new JsonObject { ["challenge"] = "another-challenge" };

        var result = await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(other, "cred-alice")));

        Assert.Equal(FlowErrorCodes.InvalidPasskey, Assert.IsType<RejectResult>(result).Error.Code);
        Assert.Null(_harness.State.UserId);
        Assert.NotNull(prompt);
    }

    [Fact]
    public async Task The_challenge_is_used_up_with_the_step_so_the_same_answer_never_passes_twice()
    {
        _harness.SignInWithPassword(_alice);
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;
        var answer = Answer(FakePasskeys.Response(Options(prompt), "cred-alice", counter: 1));
        await _activity.ResumeAsync(Context(), answer);

        var again = await _activity.ResumeAsync(Context(), answer);

        // Re-entered without its options the step asks anew, with a new challenge.
        var reprompt = Assert.IsType<SuspendResult>(again).Prompt;
        Assert.NotEqual(Options(prompt)["challenge"]!.GetValue<string>(), Options(reprompt)["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_users_passkey_is_refused_after_a_password()
    {
        var bob = _harness.Users.Add(new TestAccount { Id = "user-bob", Username = "bob" });
        _passkeys.Add(bob.Id, "cred-bob");
        _harness.SignInWithPassword(_alice);
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        var result = await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(Options(prompt), "cred-bob")));

        Assert.IsType<RejectResult>(result);
        Assert.Equal(["pwd"], _harness.State.Amr);
    }

    [Fact]
    public async Task A_user_may_turn_to_a_recovery_code()
    {
        _harness.SignInWithPassword(_alice);
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.RecoveryCodeUse, new { }));

        Assert.Equal(AskForPasskey.UseRecoveryCode, Assert.IsType<OutcomeResult>(result).Name);
    }

    [Fact]
    public async Task A_disabled_users_passkey_follows_disabled()
    {
        _alice.Enabled = false;
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        var result = await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(Options(prompt), "cred-alice")));

        Assert.Equal(AskForPasskey.Disabled, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_harness.State.UserId);
    }

    [Fact]
    public async Task A_body_without_an_assertion_asks_again_with_an_error()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.AssertionCheck, new { }));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForPasskey>();

    private static JsonObject Options(Engine.Instances.FlowPrompt prompt) => prompt.Data![PasskeyFields.PublicKey]!.AsObject();

    private static FlowAction Answer(object response) =>
        FlowAction.Create(FlowActions.AssertionCheck, new Dictionary<string, object> { [PasskeyFields.Assertion] = response });
}
