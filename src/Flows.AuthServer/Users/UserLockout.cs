using Flows.AuthServer.Data;
using Flows.AuthServer.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users;

/// <summary>
/// Counts password attempts and locks the account for a while after too many wrong ones, as ASP.NET Core
/// Identity does. An attempt is counted before its password is verified, in one conditional statement, so
/// guesses sent in parallel from many flows cannot all be verified: the database lets at most the limit through.
/// </summary>
public sealed class UserLockout(ServerDbContext db, IOptions<FlowsLockoutOptions> options, TimeProvider clock)
{
    private int Maximum => Math.Max(1, options.Value.MaxFailedAttempts);

    /// <summary>
    /// Counts one attempt before its password is verified; false when the account is locked, or when the attempts
    /// under way already reach the limit: the password must then be refused without being verified.
    /// </summary>
    public async Task<bool> TryReserveAttemptAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var maximum = Maximum;
        var reserved = await db.Users
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now) && u.AccessFailedCount < maximum)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken);
        if (reserved == 1)
        {
            return true;
        }

        // A count left at the limit without a lock (a request that died after reserving) becomes a lock that ends.
        await LockAtLimitAsync(user, now);
        return false;
    }

    /// <summary>The reserved attempt's password was wrong; true when that locked the account.</summary>
    public Task<bool> RecordFailureAsync(UserRecord user) => LockAtLimitAsync(user, clock.GetUtcNow());

    /// <summary>
    /// The reserved attempt's password was right: the count starts afresh. False when the account got locked
    /// while it was verified (by guesses sent alongside it): then it is refused like any attempt on a locked account.
    /// </summary>
    public async Task<bool> TryResetAsync(UserRecord user)
    {
        var now = clock.GetUtcNow();

        // Not cancelled with the request: a reservation must not outlive a right password.
        var reset = await db.Users
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, 0), CancellationToken.None);
        return reset == 1;
    }

    /// <summary>
    /// Locks the account when its count has reached the limit and it is not locked already: only one request
    /// finds it so, and the lock lasts its full duration. Not cancelled with the request, so a lost connection
    /// cannot leave the count at the limit without a lock.
    /// </summary>
    private async Task<bool> LockAtLimitAsync(UserRecord user, DateTimeOffset now)
    {
        var maximum = Maximum;
        DateTimeOffset? lockoutEnd = now + options.Value.Duration;
        var locked = await db.Users
            .Where(u => u.Id == user.Id && (u.LockoutEnd == null || u.LockoutEnd <= now) && u.AccessFailedCount >= maximum)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, lockoutEnd), CancellationToken.None);
        if (locked > 0)
        {
            FlowsMetrics.LockedOut(user.EnvironmentId, FlowsMetrics.PasswordFactor);
        }

        return locked > 0;
    }
}
