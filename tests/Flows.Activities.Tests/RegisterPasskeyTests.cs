using System.Text.Json.Nodes;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>The passkey registration step: options for the identified user, the passkey stored once verified, nothing proved.</summary>
public sealed class RegisterPasskeyTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly FakePasskeys _passkeys = new();
    private readonly TestAccount _alice;
    private readonly RegisterPasskey _activity;

    public RegisterPasskeyTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice" });
        _harness.SignInWithPassword(_alice);
        _activity = new RegisterPasskey(_passkeys, _harness.Users) { UserVerification = Users.PasskeyUserVerification.Required };
    }

    [Fact]
    public async Task Execute_gives_the_browser_creation_options_for_the_user()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Equal(FlowStatuses.PasskeyRegistrationRequired, prompt.Status);
        Assert.Equal([FlowActions.PasskeyRegister], prompt.Actions);
        Assert.Equal("alice", Options(prompt)["user"]!["name"]!.GetValue<string>());
        Assert.Equal("Required", Options(prompt)["userVerification"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_verified_attestation_stores_the_passkey_and_proves_no_factor()
    {
        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        var result = await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(Options(prompt), "cred-new")));

        Assert.Equal(RegisterPasskey.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(["cred-new"], _passkeys.CredentialsOf(_alice.Id));
        Assert.Equal(["pwd"], _harness.State.Amr);
    }

    [Fact]
    public async Task An_attestation_for_another_challenge_is_rejected_and_stores_nothing()
    {
        await _activity.ExecuteAsync(Context());

        var result = await _activity.ResumeAsync(Context(), Answer(FakePasskeys.Response(new JsonObject { ["challenge"] = "old" }, "cred-new")));

        Assert.Equal(FlowErrorCodes.InvalidPasskey, Assert.IsType<RejectResult>(result).Error.Code);
        Assert.Empty(_passkeys.CredentialsOf(_alice.Id));
    }

    [Fact]
    public async Task Without_an_identified_user_the_flow_fails()
    {
        _harness.StartNewFlow();

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    private ActivityContext Context() => _harness.ContextFor<RegisterPasskey>();

    private static JsonObject Options(Engine.Instances.FlowPrompt prompt) => prompt.Data![PasskeyFields.PublicKey]!.AsObject();

    private static FlowAction Answer(object response) =>
        FlowAction.Create(FlowActions.PasskeyRegister, new Dictionary<string, object> { [PasskeyFields.Attestation] = response });
}
