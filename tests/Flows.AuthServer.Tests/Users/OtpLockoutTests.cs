using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Tests.Users;

/// <summary>Wrong one-time codes counted per user in the database, and the lock of the OTP factor (4 codes, 7 minutes here).</summary>
public sealed class OtpLockoutTests : UserDirectoryTestBase
{
    private const string Base32Key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    [Fact]
    public async Task The_last_allowed_wrong_code_locks_the_factor_until_its_duration_has_passed()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });

        var locks = new List<bool>();
        for (var attempt = 0; attempt < ServerServices.TestMaxFailedOtpAttempts; attempt++)
        {
            Assert.True(await ReserveAsync(alice));
            locks.Add(await FailAsync(alice));
        }

        var whileLocked = await ReserveAsync(alice);
        Server.Clock.Advance(ServerServices.TestOtpLockoutDuration - TimeSpan.FromSeconds(1));
        var justBefore = await ReserveAsync(alice);
        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ReserveAsync(alice);

        Assert.Equal([false, false, false, true], locks);
        Assert.False(whileLocked);
        Assert.False(justBefore);
        Assert.True(after);
    }

    [Fact]
    public async Task A_right_code_starts_the_count_afresh()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });
        for (var attempt = 0; attempt < ServerServices.TestMaxFailedOtpAttempts - 1; attempt++)
        {
            await ReserveAsync(alice);
            await FailAsync(alice);
        }

        await ReserveAsync(alice);
        var accepted = await ConsumeAsync(alice, 100);
        await ReserveAsync(alice);
        var lockedByNextFailure = await FailAsync(alice);

        Assert.True(accepted);
        Assert.False(lockedByNextFailure);
        Assert.Equal(1, (await StoredAsync(alice)).OtpFailedCount);
    }

    [Fact]
    public async Task Codes_sent_in_parallel_are_let_through_no_more_than_the_limit()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });

        var reserved = await Task.WhenAll(Enumerable.Range(0, ServerServices.TestMaxFailedOtpAttempts * 5)
            .Select(_ => Task.Run(() => ReserveAsync(alice))));

        Assert.Equal(ServerServices.TestMaxFailedOtpAttempts, reserved.Count(ok => ok));
    }

    [Fact]
    public async Task A_right_code_checked_while_the_factor_got_locked_is_not_accepted()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });
        await ReserveAsync(alice);
        DateTimeOffset? lockoutEnd = Server.Clock.GetUtcNow().AddMinutes(1);
        await Server.InDatabaseAsync(db => db.Users.Where(u => u.Id == alice.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.OtpLockoutEnd, lockoutEnd)));

        Assert.False(await ConsumeAsync(alice, 100));
        Assert.Null((await StoredAsync(alice)).LastTotpTimeStep);
    }

    [Fact]
    public async Task A_locked_factor_leaves_the_password_alone()
    {
        var alice = await CreateUserAsync("alice", user => user with { TotpSecret = Base32Key });
        for (var attempt = 0; attempt < ServerServices.TestMaxFailedOtpAttempts; attempt++)
        {
            await ReserveAsync(alice);
            await FailAsync(alice);
        }

        Assert.Equal(PasswordCheckResult.Success, (await CheckAsync("alice", Password)).Result);
        Assert.Null((await StoredAsync(alice)).LockoutEnd);
    }

    private Task<bool> ReserveAsync(UserRecord user) =>
        DirectoryAsync(directory => directory.TryReserveOtpAttemptAsync(Main, user.Id, CancellationToken.None));

    private Task<bool> FailAsync(UserRecord user) =>
        DirectoryAsync(directory => directory.RecordOtpFailureAsync(Main, user.Id, CancellationToken.None));

    private Task<bool> ConsumeAsync(UserRecord user, long timeStep) =>
        DirectoryAsync(directory => directory.TryConsumeTotpTimeStepAsync(Main, user.Id, timeStep, CancellationToken.None));
}
