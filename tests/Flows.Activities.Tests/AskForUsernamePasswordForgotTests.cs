using System.Text.Json;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>
/// "Forgot password?" on the password step: offered only when the node turns it on (and only then an outcome that needs an
/// edge), the username passed on unchecked, the fixed username of an identifier or a known user.
/// </summary>
public sealed class AskForUsernamePasswordForgotTests
{
    private readonly ActivityTestHarness _harness = new();
    private readonly AskForUsernamePassword _activity;

    public AskForUsernamePasswordForgotTests()
    {
        _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", Password = "correct horse battery" });
        _activity = new AskForUsernamePassword(_harness.Users) { OfferForgotPassword = true };
    }

    [Fact]
    public async Task The_prompt_offers_password_forgot_only_when_the_node_turns_it_on()
    {
        var offered = Assert.IsType<SuspendResult>(await _activity.ExecuteAsync(Context())).Prompt;
        var plain = Assert.IsType<SuspendResult>(await new AskForUsernamePassword(_harness.Users).ExecuteAsync(Context())).Prompt;

        Assert.Equal([FlowActions.UsernamePasswordCheck, FlowActions.PasswordForgot], offered.Actions);
        Assert.Equal([FlowActions.UsernamePasswordCheck], plain.Actions);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("nobody")]
    public async Task Forgot_passes_the_username_on_by_forgotPassword_whether_or_not_it_is_a_user(string username)
    {
        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordForgot($" {username} "));

        Assert.Equal(AskForUsernamePassword.ForgotPassword, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(username, _harness.State.Variables[FlowVariables.RecoveryUsername].GetString());
        Assert.Null(_harness.State.UserId);
        Assert.Equal(0, _harness.Users.PasswordChecks);
    }

    [Fact]
    public async Task Forgot_after_an_identifier_uses_the_identifier_not_the_typed_username()
    {
        _harness.State.Variables[FlowVariables.Identifier] = JsonSerializer.SerializeToElement("alice");

        await _activity.ResumeAsync(Context(), FlowAnswers.PasswordForgot("mallory"));

        Assert.Equal("alice", _harness.State.Variables[FlowVariables.RecoveryUsername].GetString());
    }

    [Fact]
    public async Task Forgot_without_a_username_keeps_asking_with_an_error()
    {
        var result = await _activity.ResumeAsync(Context(), FlowAnswers.PasswordForgot(" "));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task Forgot_is_refused_when_the_node_does_not_offer_it()
    {
        var result = await new AskForUsernamePassword(_harness.Users).ResumeAsync(Context(), FlowAnswers.PasswordForgot("alice"));

        Assert.IsType<RejectResult>(result);
    }

    [Fact]
    public void The_forgotPassword_outcome_needs_an_edge_only_on_a_node_that_turns_it_on()
    {
        var descriptor = ActivityDescriptorFactory.Describe(typeof(AskForUsernamePassword));
        var on = new FlowNode { Id = "p", Type = nameof(AskForUsernamePassword), Properties = { ["offerForgotPassword"] = JsonSerializer.SerializeToElement(true) } };
        var off = new FlowNode { Id = "p", Type = nameof(AskForUsernamePassword) };

        Assert.Contains(AskForUsernamePassword.ForgotPassword, descriptor.OutcomesOf(on));
        Assert.DoesNotContain(AskForUsernamePassword.ForgotPassword, descriptor.OutcomesOf(off));
    }

    private ActivityContext Context() => _harness.ContextFor<AskForUsernamePassword>();
}
