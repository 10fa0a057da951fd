using Flows.Activities.Users;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Tests.Users;

/// <summary>Lockout after too many wrong passwords (3 and 5 minutes in these tests).</summary>
public class UserLockoutTests : UserDirectoryTestBase
{
    private const string Wrong = "wrong password";

    [Fact]
    public async Task The_last_allowed_wrong_password_locks_the_account_and_resets_the_count()
    {
        var alice = await CreateUserAsync("alice");

        var results = new List<PasswordCheckResult>();
        for (var attempt = 0; attempt < ServerServices.TestMaxFailedAttempts; attempt++)
        {
            results.Add((await CheckAsync("alice", Wrong)).Result);
        }

        Assert.Equal([PasswordCheckResult.InvalidCredentials, PasswordCheckResult.InvalidCredentials, PasswordCheckResult.LockedOut], results);
        var stored = await StoredAsync(alice);
        Assert.Equal(0, stored.AccessFailedCount);
        Assert.Equal(Server.Clock.GetUtcNow() + ServerServices.TestLockoutDuration, stored.LockoutEnd);
    }

    [Fact]
    public async Task A_locked_account_refuses_the_right_password_until_the_lockout_ends()
    {
        await CreateUserAsync("alice");
        await LockAsync("alice");

        var whileLocked = await CheckAsync("alice", Password);
        Server.Clock.Advance(ServerServices.TestLockoutDuration - TimeSpan.FromSeconds(1));
        var justBefore = await CheckAsync("alice", Password);
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await CheckAsync("alice", Password);

        Assert.Equal(PasswordCheckResult.LockedOut, whileLocked.Result);
        Assert.Equal("alice", whileLocked.User!.Username);
        Assert.Equal(PasswordCheckResult.LockedOut, justBefore.Result);
        Assert.Equal(PasswordCheckResult.Success, after.Result);
    }

    [Fact]
    public async Task A_right_password_starts_the_count_afresh()
    {
        var alice = await CreateUserAsync("alice");

        await CheckAsync("alice", Wrong);
        await CheckAsync("alice", Wrong);
        await CheckAsync("alice", Password);
        var next = await CheckAsync("alice", Wrong);

        Assert.Equal(PasswordCheckResult.InvalidCredentials, next.Result);
        Assert.Equal(1, (await StoredAsync(alice)).AccessFailedCount);
    }

    [Fact]
    public async Task Wrong_passwords_sent_in_parallel_are_all_counted()
    {
        var alice = await CreateUserAsync("alice");

        var results = await Task.WhenAll(Enumerable.Range(0, ServerServices.TestMaxFailedAttempts * 2)
            .Select(_ => Task.Run(() => CheckAsync("alice", Wrong))));

        Assert.Contains(results, check => check.Result == PasswordCheckResult.LockedOut);
        Assert.NotNull((await StoredAsync(alice)).LockoutEnd);
        Assert.Equal(PasswordCheckResult.LockedOut, (await CheckAsync("alice", Password)).Result);
    }

    [Fact]
    public async Task A_count_left_at_the_limit_without_a_lock_becomes_a_lock_that_ends()
    {
        var alice = await CreateUserAsync("alice");
        await Server.InDatabaseAsync(db => db.Users.Where(u => u.Id == alice.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, ServerServices.TestMaxFailedAttempts)));

        var refused = await CheckAsync("alice", Password);
        var stored = await StoredAsync(alice);
        Server.Clock.Advance(ServerServices.TestLockoutDuration);
        var after = await CheckAsync("alice", Password);

        Assert.Equal(PasswordCheckResult.LockedOut, refused.Result);
        Assert.Equal(Server.Clock.GetUtcNow(), stored.LockoutEnd);
        Assert.Equal(PasswordCheckResult.Success, after.Result);
    }

    private async Task LockAsync(string username)
    {
        for (var attempt = 0; attempt < ServerServices.TestMaxFailedAttempts; attempt++)
        {
            await CheckAsync(username, Wrong);
        }
    }
}
