using Flows.AuthServer.Data;
using Flows.AuthServer.Telemetry;
using Flows.Engine.Persistence;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users;

/// <summary>
/// Counts password attempts and locks the account for a while after too many wrong ones, as ASP.NET Core
/// Identity does. An attempt is counted before its password is verified, in one conditional statement, so
/// guesses sent in parallel from many flows cannot all be verified: the database lets at most the limit through.
/// Each change is one plain statement (<see cref="MappedStatement"/>): a sign-in makes two of them.
/// </summary>
public sealed class UserLockout(ServerDbContext db, IOptions<FlowsLockoutOptions> options, TimeProvider clock)
{
    private int Maximum => Math.Max(1, options.Value.MaxFailedAttempts);

    private MappedTable Users => MappedTable.Of<UserRecord>(db);

    private MappedColumn Count => Users.Column(nameof(UserRecord.AccessFailedCount));

    private MappedColumn LockoutEnd => Users.Column(nameof(UserRecord.LockoutEnd));

    /// <summary>
    /// Counts one attempt before its password is verified; false when the account is locked, or when the attempts
    /// under way already reach the limit: the password must then be refused without being verified.
    /// </summary>
    public async Task<bool> TryReserveAttemptAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var reserved = await UpdateUnlocked(user, now, set => set.Append($"{Count.Name} = {Count.Name} + 1"))
            .Append($" AND {Count.Name} < ").Value(Count, Maximum)
            .ExecuteAsync(cancellationToken);
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
        var reset = await UpdateUnlocked(user, now, set => set.Append($"{Count.Name} = ").Value(Count, 0))
            .ExecuteAsync(CancellationToken.None);
        return reset == 1;
    }

    /// <summary>
    /// Locks the account when its count has reached the limit and it is not locked already: only one request
    /// finds it so, and the lock lasts its full duration. Not cancelled with the request, so a lost connection
    /// cannot leave the count at the limit without a lock.
    /// </summary>
    private async Task<bool> LockAtLimitAsync(UserRecord user, DateTimeOffset now)
    {
        var locked = await UpdateUnlocked(user, now, set => set
                .Append($"{Count.Name} = ").Value(Count, 0)
                .Append($", {LockoutEnd.Name} = ").Value(LockoutEnd, (DateTimeOffset?)(now + options.Value.Duration)))
            .Append($" AND {Count.Name} >= ").Value(Count, Maximum)
            .ExecuteAsync(CancellationToken.None);
        if (locked > 0)
        {
            FlowsMetrics.LockedOut(user.EnvironmentId, FlowsMetrics.PasswordFactor);
        }

        return locked > 0;
    }

    /// <summary><c>UPDATE</c> of the user with what <paramref name="set"/> appends, where every change applies: not locked now.</summary>
    private MappedStatement UpdateUnlocked(UserRecord user, DateTimeOffset now, Func<MappedStatement, MappedStatement> set)
    {
        var id = Users.Column(nameof(UserRecord.Id));
        return set(new MappedStatement(db).Append($"UPDATE {Users.Name} SET "))
            .Append($" WHERE {id.Name} = ").Value(id, user.Id)
            .Append($" AND ({LockoutEnd.Name} IS NULL OR {LockoutEnd.Name} <= ").Value(LockoutEnd, now).Append(")");
    }
}
