using Flows.Activities.Users;
using Flows.AuthServer.Tests.Support;

namespace Flows.AuthServer.Tests.Users;

/// <summary>Changing a password the user knows, under the password policy.</summary>
public sealed class ChangePasswordTests : UserDirectoryTestBase
{
    private const string NewPassword = "a brand new password";

    /// <summary>A flow the store does not know: every session of the user ends.</summary>
    private const string NoFlow = "no-such-flow";

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        var alice = await CreateUserAsync("alice");

        var result = await ChangeAsync(alice.Id, "not the password", NewPassword);

        Assert.Equal(PasswordChangeResult.InvalidCurrentPassword, result);
        Assert.Equal(PasswordCheckResult.Success, (await CheckAsync("alice", Password)).Result);
    }

    [Fact]
    public async Task Wrong_current_passwords_count_toward_the_lockout_like_any_other()
    {
        var alice = await CreateUserAsync("alice");

        for (var attempt = 0; attempt < ServerServices.TestMaxFailedAttempts; attempt++)
        {
            await ChangeAsync(alice.Id, $"not the password {attempt}", NewPassword);
        }

        var whileLocked = await ChangeAsync(alice.Id, Password, NewPassword);

        Assert.Equal(PasswordChangeResult.InvalidCurrentPassword, whileLocked);
        Assert.Equal(PasswordCheckResult.LockedOut, (await CheckAsync("alice", Password)).Result);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("Alice-the-user")]
    [InlineData(Password)]
    public async Task A_short_password_the_username_or_the_current_password_is_too_weak(string candidate)
    {
        var alice = await CreateUserAsync("alice-the-user");

        var result = await ChangeAsync(alice.Id, Password, candidate);

        Assert.Equal(PasswordChangeResult.TooWeak, result);
    }

    [Fact]
    public async Task A_change_replaces_the_password_and_clears_the_must_change_flag()
    {
        var alice = await CreateUserAsync("alice", user => user with { MustChangePassword = true });

        var result = await ChangeAsync(alice.Id, Password, NewPassword);

        Assert.Equal(PasswordChangeResult.Success, result);
        Assert.Equal(PasswordCheckResult.InvalidCredentials, (await CheckAsync("alice", Password)).Result);
        Assert.Equal(PasswordCheckResult.Success, (await CheckAsync("alice", NewPassword)).Result);
        Assert.False((await StoredAsync(alice)).MustChangePassword);
    }

    [Fact]
    public async Task A_user_of_another_environment_cannot_be_changed()
    {
        var alice = await CreateUserAsync("alice");

        var result = await DirectoryAsync(directory =>
            directory.ChangePasswordAsync(Other, alice.Id, Password, NewPassword, NoFlow, CancellationToken.None));

        Assert.Equal(PasswordChangeResult.InvalidCurrentPassword, result);
    }

    private Task<PasswordChangeResult> ChangeAsync(string userId, string current, string next) =>
        DirectoryAsync(directory => directory.ChangePasswordAsync(Main, userId, current, next, NoFlow, CancellationToken.None));
}
