using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>The forced password change: success, wrong current password, weak new password, malformed answers.</summary>
public sealed class AskForNewPasswordTests
{
    private const string OldPassword = "initial password";
    private const string NewPassword = "a much better passphrase";

    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice;
    private readonly AskForNewPassword _activity;

    public AskForNewPasswordTests()
    {
        _alice = _harness.Users.Add(new TestAccount
        {
            Id = "user-alice", Username = "alice", Password = OldPassword, MustChangePassword = true,
        });
        _harness.State.UserId = _alice.Id;
        _harness.State.Username = _alice.Username;
        _activity = new AskForNewPassword(_harness.Users);
    }

    [Fact]
    public async Task Execute_asks_for_current_and_new_password_naming_the_user()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.MustChangePassword, prompt.Status);
        Assert.Equal([FlowActions.PasswordReset], prompt.Actions);
        Assert.Equal("alice", (string?)prompt.Data?[MustChangePasswordFields.Username]);
    }

    [Fact]
    public async Task Execute_without_an_identified_user_fails_the_flow()
    {
        _harness.State.UserId = null;

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(FlowErrorCodes.UserNotIdentified, Assert.IsType<FailResult>(result).Error.Code);
    }

    [Fact]
    public async Task Resume_with_right_current_password_replaces_it_and_authenticates_with_pwd()
    {
        var result = await _activity.ResumeAsync(Context(), Reset(OldPassword, NewPassword));

        Assert.Equal(AskForNewPassword.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(NewPassword, _alice.Password);
        Assert.False(_alice.MustChangePassword);
        Assert.Equal([AuthenticationMethods.Password], _harness.State.Amr);
        Assert.Equal(ActivityTestHarness.StartTime, _harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task Resume_with_wrong_current_password_keeps_status_and_reports_error()
    {
        var result = await _activity.ResumeAsync(Context(), Reset("not the password", NewPassword));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.MustChangePassword, prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidCurrentPassword, prompt.Error?.Code);
        Assert.Equal(OldPassword, _alice.Password);
        Assert.Null(_harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task Resume_with_too_weak_new_password_keeps_status_and_reports_error()
    {
        var result = await _activity.ResumeAsync(Context(), Reset(OldPassword, "short"));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.MustChangePassword, prompt.Status);
        Assert.Equal(FlowErrorCodes.PasswordTooWeak, prompt.Error?.Code);
        Assert.True(_alice.MustChangePassword);
    }

    [Theory]
    [InlineData(OldPassword, null)]
    [InlineData(null, NewPassword)]
    [InlineData("", NewPassword)]
    public async Task Resume_with_a_missing_field_reports_invalid_request_and_changes_nothing(string? current, string? replacement)
    {
        var result = await _activity.ResumeAsync(Context(), Reset(current, replacement));

        Assert.Equal(FlowErrorCodes.InvalidRequest, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
        Assert.Equal(OldPassword, _alice.Password);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForNewPassword>("newPassword");

    private static FlowAction Reset(string? currentPassword, string? newPassword) =>
        FlowAnswers.PasswordReset(currentPassword, newPassword);
}
