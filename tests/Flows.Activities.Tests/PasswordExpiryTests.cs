using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;

namespace Flows.Activities.Tests;

/// <summary>An expired password: right, it takes the must-change edge, and the new-password step says PASSWORD_EXPIRED.</summary>
public sealed class PasswordExpiryTests
{
    private const string OldPassword = "initial password";

    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice;

    public PasswordExpiryTests() =>
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", Password = OldPassword, PasswordExpired = true });

    [Fact]
    public async Task The_right_expired_password_takes_the_must_change_edge_without_authenticating()
    {
        var result = await new AskForUsernamePassword(_harness.Users).ResumeAsync(_harness.ContextFor<AskForUsernamePassword>(),
            FlowAction.Create(FlowActions.UsernamePasswordCheck, new { username = "alice", password = OldPassword }));

        Assert.Equal(AskForUsernamePassword.MustChangePassword, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Empty(_harness.State.Amr);
    }

    [Fact]
    public async Task A_wrong_password_of_an_expired_account_is_a_wrong_password()
    {
        var result = await new AskForUsernamePassword(_harness.Users).ResumeAsync(_harness.ContextFor<AskForUsernamePassword>(),
            FlowAction.Create(FlowActions.UsernamePasswordCheck, new { username = "alice", password = "not it" }));

        Assert.Equal(FlowErrorCodes.InvalidCredentials, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
    }

    [Fact]
    public async Task The_new_password_step_says_the_password_expired_and_takes_password_reset()
    {
        await new AskForUsernamePassword(_harness.Users).ResumeAsync(_harness.ContextFor<AskForUsernamePassword>(),
            FlowAction.Create(FlowActions.UsernamePasswordCheck, new { username = "alice", password = OldPassword }));

        var prompt = Assert.IsType<SuspendResult>(await new AskForNewPassword(_harness.Users).ExecuteAsync(_harness.ContextFor<AskForNewPassword>())).Prompt;

        Assert.Equal(FlowStatuses.PasswordExpired, prompt.Status);
        Assert.Equal([FlowActions.PasswordReset], prompt.Actions);
    }

    [Fact]
    public async Task A_required_change_without_expiry_stays_must_change_password()
    {
        _alice.PasswordExpired = false;
        _alice.MustChangePassword = true;
        await new AskForUsernamePassword(_harness.Users).ResumeAsync(_harness.ContextFor<AskForUsernamePassword>(),
            FlowAction.Create(FlowActions.UsernamePasswordCheck, new { username = "alice", password = OldPassword }));

        var prompt = Assert.IsType<SuspendResult>(await new AskForNewPassword(_harness.Users).ExecuteAsync(_harness.ContextFor<AskForNewPassword>())).Prompt;

        Assert.Equal(FlowStatuses.MustChangePassword, prompt.Status);
    }
}
