using System.Text.Json;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.Activities.Tests;

/// <summary>
/// "Create an account" on the password step: offered only when the node turns it on (and only then an outcome that needs
/// an edge), leaving by register whatever was typed, and never for a flow that already knows its user.
/// </summary>
public sealed class AskForUsernamePasswordRegistrationTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice = new() { Id = "user-alice", Username = "alice", Password = "correct horse battery" };
    private readonly AskForUsernamePassword _activity;

    public AskForUsernamePasswordRegistrationTests()
    {
        _harness.Users.Add(_alice);
        _activity = new AskForUsernamePassword(_harness.Users) { OfferRegistration = true };
    }

    [Fact]
    public async Task The_prompt_offers_user_register_only_when_the_node_turns_it_on()
    {
        var offered = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;
        var plain = Assert.IsType<SuspendResult>(await new AskForUsernamePassword(_harness.Users).ExecuteAsync(Context())).Prompt;
        var both = Assert.IsType<SuspendResult>(
            await new AskForUsernamePassword(_harness.Users) { OfferRegistration = true, OfferForgotPassword = true }.ExecuteAsync(Context())).Prompt;

        Assert.Equal([FlowActions.UsernamePasswordCheck, FlowActions.UserRegister], offered.Actions);
        Assert.Equal([FlowActions.UsernamePasswordCheck], plain.Actions);
        Assert.Equal([FlowActions.UsernamePasswordCheck, FlowActions.PasswordForgot, FlowActions.UserRegister], both.Actions);
    }

    [Fact]
    public async Task User_register_follows_register_without_checking_anything_or_identifying_anyone()
    {
        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserRegister, new { username = "alice", password = "x" }));

        Assert.Equal(AskForUsernamePassword.Register, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_harness.State.UserId);
        Assert.Empty(_harness.State.Amr);
        Assert.Equal(0, _harness.Users.PasswordChecks);
    }

    [Fact]
    public async Task User_register_is_refused_when_the_node_does_not_offer_it()
    {
        var result = await new AskForUsernamePassword(_harness.Users).ResumeAsync(Context(), FlowAction.Create(FlowActions.UserRegister, new { }));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<RejectResult>(result).Error.Code);
    }

    [Fact]
    public async Task A_flow_for_a_known_user_is_not_offered_registration_and_cannot_register()
    {
        _harness.SignInWithPassword(_alice);

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;
        var result = await _activity.ResumeAsync(Context(), FlowAction.Create(FlowActions.UserRegister, new { }));

        Assert.Equal([FlowActions.UsernamePasswordCheck], prompt.Actions);
        Assert.IsType<RejectResult>(result);
        Assert.Equal(_alice.Id, _harness.State.UserId);
    }

    [Fact]
    public async Task After_an_identifier_registration_is_still_offered()
    {
        _harness.State.Variables[FlowVariables.Identifier] = JsonSerializer.SerializeToElement("nobody");

        var prompt = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;

        Assert.Contains(FlowActions.UserRegister, prompt.Actions);
    }

    [Fact]
    public void The_register_outcome_needs_an_edge_only_on_a_node_that_turns_it_on()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(AskForUsernamePassword));
        var on = new FlowNode { Id = "p", Type = nameof(AskForUsernamePassword), Properties = { ["offerRegistration"] = JsonSerializer.SerializeToElement(true) } };
        var off = new FlowNode { Id = "p", Type = nameof(AskForUsernamePassword) };

        Assert.Contains(AskForUsernamePassword.Register, descriptor.OutcomesOf(on));
        Assert.DoesNotContain(AskForUsernamePassword.Register, descriptor.OutcomesOf(off));
    }

    private ActivityContext Context() => _harness.ContextFor<AskForUsernamePassword>();
}
