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

    /// <summary>
    /// Counts one attempt before its password is verified; false when the account is locked, or when the attempts
    /// under way already reach the limit: the password must then be refused without being verified.
    /// </summary>
    public async Task<bool> TryReserveAttemptAsync(UserRecord user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var users = MappedTable.Of<UserRecord>(db);
        var count = users.Column(nameof(UserRecord.AccessFailedCount));
        var reserved = await WhereNotLocked(new MappedStatement(db).Append($"UPDATE {users.Name} SET {count.Name} = {count.Name} + 1"), users, user, now)
            .Append($" AND {count.Name} < ").Value(count, Maximum)
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
        var users = MappedTable.Of<UserRecord>(db);
        var count = users.Column(nameof(UserRecord.AccessFailedCount));
        var reset = await WhereNotLocked(new MappedStatement(db).Append($"UPDATE {users.Name} SET {count.Name} = ").Value(count, 0), users, user, now)
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
        var users = MappedTable.Of<UserRecord>(db);
        var count = users.Column(nameof(UserRecord.AccessFailedCount));
        var lockoutEnd = users.Column(nameof(UserRecord.LockoutEnd));
        var statement = new MappedStatement(db).Append($"UPDATE {users.Name} SET {count.Name} = ").Value(count, 0)
            .Append($", {lockoutEnd.Name} = ").Value(lockoutEnd, (DateTimeOffset?)(now + options.Value.Duration));
        var locked = await WhereNotLocked(statement, users, user, now)
            .Append($" AND {count.Name} >= ").Value(count, Maximum)
            .ExecuteAsync(CancellationToken.None);
        if (locked > 0)
        {
            FlowsMetrics.LockedOut(user.EnvironmentId, FlowsMetrics.PasswordFactor);
        }

        return locked > 0;
    }

    /// <summary>Appends the condition every change shares: this user, not locked now.</summary>
    private static MappedStatement WhereNotLocked(MappedStatement statement, MappedTable users, UserRecord user, DateTimeOffset now)
    {
        var id = users.Column(nameof(UserRecord.Id));
        var lockoutEnd = users.Column(nameof(UserRecord.LockoutEnd));
        return statement.Append($" WHERE {id.Name} = ").Value(id, user.Id)
            .Append($" AND ({lockoutEnd.Name} IS NULL OR {lockoutEnd.Name} <= ").Value(lockoutEnd, now).Append(")");
    }
}
