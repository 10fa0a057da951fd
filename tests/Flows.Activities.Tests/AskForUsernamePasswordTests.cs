using System.Text.Json;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>The password step: each result of the password check, the login hint, and malformed answers.</summary>
public sealed class AskForUsernamePasswordTests
{
    private const string Password = "correct horse battery";

    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice;
    private readonly AskForUsernamePassword _activity;

    public AskForUsernamePasswordTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", Password = Password });
        _activity = new AskForUsernamePassword(_harness.Users);
    }

    [Fact]
    public async Task Execute_asks_for_username_and_password_with_nothing_prefilled()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, prompt.Status);
        Assert.Equal([FlowActions.UsernamePasswordCheck], prompt.Actions);
        Assert.Null(prompt.Data);
        Assert.Null(prompt.Error);
    }

    [Fact]
    public async Task Execute_prefills_the_username_from_the_login_hint()
    {
        _harness.State.Variables[FlowVariables.LoginHint] = JsonSerializer.SerializeToElement("alice@example.com");

        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal("alice@example.com", (string?)prompt.Data?[UsernamePasswordFields.Username]);
    }

    [Fact]
    public async Task Resume_with_right_password_authenticates_the_user_with_pwd()
    {
        var result = await _activity.ResumeAsync(Context(), Check("alice", Password));

        Assert.Equal(AskForUsernamePassword.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(_alice.Id, _harness.State.UserId);
        Assert.Equal("alice", _harness.State.Username);
        Assert.Equal([AuthenticationMethods.Password], _harness.State.Amr);
        Assert.Equal(ActivityTestHarness.StartTime, _harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task Resume_with_wrong_password_keeps_status_and_reports_error()
    {
        var result = await _activity.ResumeAsync(Context(), Check("alice", "wrong password"));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, prompt.Status);
        Assert.Equal([FlowActions.UsernamePasswordCheck], prompt.Actions);
        Assert.Equal(FlowErrorCodes.InvalidCredentials, prompt.Error?.Code);
        Assert.Null(_harness.State.UserId);
        Assert.Empty(_harness.State.Amr);
    }

    [Fact]
    public async Task Resume_with_unknown_username_reports_exactly_what_a_wrong_password_reports()
    {
        var wrongPassword = await _activity.ResumeAsync(Context(), Check("alice", "wrong password"));
        var unknownUser = await _activity.ResumeAsync(Context(), Check("mallory", "wrong password"));

        Assert.Equal(
            Assert.IsType<SuspendResult>(wrongPassword).Prompt.Error,
            Assert.IsType<SuspendResult>(unknownUser).Prompt.Error);
    }

    [Fact]
    public async Task Resume_after_a_failed_attempt_keeps_the_login_hint_prefilled()
    {
        _harness.State.Variables[FlowVariables.LoginHint] = JsonSerializer.SerializeToElement("alice");

        var result = await _activity.ResumeAsync(Context(), Check("alice", "wrong password"));

        Assert.Equal("alice", (string?)Assert.IsType<SuspendResult>(result).Prompt.Data?[UsernamePasswordFields.Username]);
    }

    [Fact]
    public async Task Resume_with_the_wrong_password_that_locks_the_account_reports_what_an_unknown_username_reports()
    {
        await _activity.ResumeAsync(Context(), Check("alice", "wrong 1"));
        await _activity.ResumeAsync(Context(), Check("alice", "wrong 2"));

        var locking = await _activity.ResumeAsync(Context(), Check("alice", "wrong 3"));
        var unknownUser = await _activity.ResumeAsync(Context(), Check("mallory", "wrong password"));

        Assert.Equal(Shown(unknownUser), Shown(locking));
        Assert.Null(_harness.State.UserId);
    }

    [Fact]
    public async Task Resume_for_a_locked_account_with_the_right_password_reports_what_an_unknown_username_reports()
    {
        _alice.LockedOutUntil = ActivityTestHarness.StartTime.AddMinutes(5);

        var locked = await _activity.ResumeAsync(Context(), Check("alice", Password));
        var unknownUser = await _activity.ResumeAsync(Context(), Check("mallory", Password));

        Assert.Equal(Shown(unknownUser), Shown(locked));
        Assert.Null(_harness.State.UserId);
        Assert.Empty(_harness.State.Amr);
    }

    [Fact]
    public async Task Resume_for_a_disabled_account_follows_disabled_without_authenticating()
    {
        _alice.Enabled = false;

        var result = await _activity.ResumeAsync(Context(), Check("alice", Password));

        Assert.Equal(AskForUsernamePassword.Disabled, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Null(_harness.State.UserId);
        Assert.Null(_harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task Resume_for_a_user_who_must_change_password_identifies_but_does_not_authenticate()
    {
        _alice.MustChangePassword = true;

        var result = await _activity.ResumeAsync(Context(), Check("alice", Password));

        Assert.Equal(AskForUsernamePassword.MustChangePassword, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(_alice.Id, _harness.State.UserId);
        Assert.Empty(_harness.State.Amr);
        Assert.Null(_harness.State.AuthenticatedAt);
    }

    [Theory]
    [InlineData("alice", "")]
    [InlineData("", Password)]
    [InlineData(null, Password)]
    [InlineData("alice", null)]
    public async Task Resume_with_a_missing_field_reports_invalid_request_without_checking_the_password(string? username, string? password)
    {
        var result = await _activity.ResumeAsync(Context(), Check(username, password));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, prompt.Status);
        Assert.Equal(FlowErrorCodes.InvalidRequest, prompt.Error?.Code);
        Assert.Equal(0, _harness.Users.PasswordChecks);
    }

    private ActivityContext Context() => _harness.ContextFor<AskForUsernamePassword>("password");

    private static FlowAction Check(string? username, string? password) =>
        FlowAnswers.UsernamePassword(username, password);

    /// <summary>What a client sees of the step after an answer: status, actions, prefilled data and error.</summary>
    private static string Shown(ActivityResult result)
    {
        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        return $"{prompt.Status} {string.Join(',', prompt.Actions)} {prompt.Data?.ToJsonString()} {prompt.Error}";
    }
}
