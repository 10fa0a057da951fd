using System.Text.Json;
using Flows.Activities.Tests.TestDoubles;
using Flows.Engine.Activities;
using Flows.Testing;

namespace Flows.Activities.Tests;

/// <summary>
/// The password step of a flow that already knows its user (a step-up from a signed-in session): the username is
/// fixed, and the step is skipped only when its node says so and the session proved this user's password.
/// </summary>
public sealed class AskForUsernamePasswordKnownUserTests
{
    private const string Password = "correct horse battery";
    private static readonly DateTimeOffset SessionSignedInAt = ActivityTestHarness.StartTime.AddMinutes(-30);

    private readonly ActivityTestHarness _harness = new();
    private readonly TestAccount _alice;
    private readonly AskForUsernamePassword _activity;

    public AskForUsernamePasswordKnownUserTests()
    {
        _alice = _harness.Users.Add(new TestAccount { Id = "user-alice", Username = "alice", Password = Password });
        _harness.Users.Add(new TestAccount { Id = "user-bob", Username = "bob", Password = "bob's password" });
        _activity = new AskForUsernamePassword(_harness.Users);
        _harness.State.UserId = _alice.Id;
        _harness.State.Username = _alice.Username;
    }

    [Fact]
    public async Task Execute_asks_the_known_user_for_the_password_with_the_username_fixed()
    {
        var result = await _activity.ExecuteAsync(Context());

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowStatuses.UsernamePasswordRequired, prompt.Status);
        Assert.Equal("alice", (string?)prompt.Data?[UsernamePasswordFields.Username]);
        Assert.Equal("alice", (string?)prompt.Data?[UsernamePasswordFields.User]?[UsernamePasswordFields.Username]);
    }

    [Fact]
    public async Task Resume_with_only_the_password_authenticates_the_known_user()
    {
        var result = await _activity.ResumeAsync(Context(), Check(username: null, Password));

        Assert.Equal(AskForUsernamePassword.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal(_alice.Id, _harness.State.UserId);
        Assert.Equal([AuthenticationMethods.Password], _harness.State.Amr);
        Assert.Equal(ActivityTestHarness.StartTime, _harness.State.AuthenticatedAt);
    }

    [Fact]
    public async Task Resume_with_another_username_is_refused_without_checking_any_password()
    {
        var result = await _activity.ResumeAsync(Context(), Check("bob", "bob's password"));

        var prompt = Assert.IsType<SuspendResult>(result).Prompt;
        Assert.Equal(FlowErrorCodes.InvalidRequest, prompt.Error?.Code);
        Assert.Equal(0, _harness.Users.PasswordChecks);
        Assert.Equal(_alice.Id, _harness.State.UserId);
        Assert.Empty(_harness.State.Amr);
    }

    [Fact]
    public async Task Resume_with_a_wrong_password_of_the_known_user_reports_invalid_credentials()
    {
        var result = await _activity.ResumeAsync(Context(), Check("ALICE", "wrong password"));

        Assert.Equal(FlowErrorCodes.InvalidCredentials, Assert.IsType<SuspendResult>(result).Prompt.Error?.Code);
        Assert.Empty(_harness.State.Amr);
    }

    [Fact]
    public async Task Execute_marked_skippable_continues_at_once_when_the_session_proved_this_users_password()
    {
        _activity.SkipWhenSessionProvedPassword = true;
        ProveSession(_alice.Id, AuthenticationMethods.Password);

        var result = await _activity.ExecuteAsync(Context());

        Assert.Equal(AskForUsernamePassword.Success, Assert.IsType<OutcomeResult>(result).Name);
        Assert.Equal([AuthenticationMethods.Password], _harness.State.Amr);
        Assert.Equal(SessionSignedInAt, _harness.State.AuthenticatedAt);
        Assert.Equal(0, _harness.Users.PasswordChecks);
    }

    [Fact]
    public async Task Execute_not_marked_skippable_asks_even_when_the_session_proved_a_password()
    {
        ProveSession(_alice.Id, AuthenticationMethods.Password);

        var result = await _activity.ExecuteAsync(Context());

        Assert.IsType<SuspendResult>(result);
        Assert.Empty(_harness.State.Amr);
    }

    [Theory]
    [InlineData("user-alice", AuthenticationMethods.Otp)]
    [InlineData("user-bob", AuthenticationMethods.Password)]
    public async Task Execute_marked_skippable_asks_when_the_session_proved_no_password_of_this_user(string provenUser, string provenMethod)
    {
        _activity.SkipWhenSessionProvedPassword = true;
        ProveSession(provenUser, provenMethod);

        var result = await _activity.ExecuteAsync(Context());

        Assert.IsType<SuspendResult>(result);
        Assert.Empty(_harness.State.Amr);
    }

    [Fact]
    public async Task Execute_marked_skippable_asks_an_unknown_user_whatever_the_session_proved()
    {
        _activity.SkipWhenSessionProvedPassword = true;
        ProveSession(_alice.Id, AuthenticationMethods.Password);
        _harness.State.UserId = null;
        _harness.State.Username = null;

        var result = await _activity.ExecuteAsync(Context());

        Assert.IsType<SuspendResult>(result);
        Assert.Null(_harness.State.AuthenticatedAt);
    }

    private void ProveSession(string userId, string method) =>
        _harness.State.Variables[FlowVariables.Session] = new ProvenSession(userId, [method], SessionSignedInAt).ToVariable();

    private ActivityContext Context() => _harness.ContextFor<AskForUsernamePassword>("password");

    private static FlowAction Check(string? username, string? password) =>
        FlowAnswers.UsernamePassword(username, password);
}
