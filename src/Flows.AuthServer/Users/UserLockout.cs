using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users;

/// <summary>
/// Counts wrong passwords and locks the account for a while after too many, as ASP.NET Core Identity does.
/// Counters change in the database in one statement each, never read-modify-write, so guesses sent in
/// parallel are all counted.
/// </summary>
public sealed class UserLockout(ServerDbContext db, IOptions<FlowsLockoutOptions> options, TimeProvider clock)
{
    public bool IsLockedOut(UserRecord user) => user.LockoutEnd > clock.GetUtcNow();

    /// <summary>Counts a wrong password; true when it was the one that locked the account.</summary>
    public async Task<bool> RecordFailureAsync(UserRecord user, CancellationToken cancellationToken)
    {
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), cancellationToken);

        // Only the request that finds the count at the maximum locks and resets it; a lock lasts its full duration.
        var maximum = Math.Max(1, options.Value.MaxFailedAttempts);
        DateTimeOffset? lockoutEnd = clock.GetUtcNow() + options.Value.Duration;
        var locked = await db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount >= maximum)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, lockoutEnd), cancellationToken);
        return locked > 0;
    }

    /// <summary>A right password starts the count afresh.</summary>
    public async Task ResetAsync(UserRecord user, CancellationToken cancellationToken)
    {
        if (user.AccessFailedCount > 0)
        {
            await db.Users.Where(u => u.Id == user.Id && u.AccessFailedCount > 0)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.AccessFailedCount, 0), cancellationToken);
        }
    }
}
