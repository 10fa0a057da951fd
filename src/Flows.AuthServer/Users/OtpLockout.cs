using Flows.AuthServer.Data;
using Flows.AuthServer.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users;

/// <summary>
/// Counts one-time codes per user, over every flow, and locks the OTP factor for a while after too many wrong
/// ones (NIST SP 800-63B §5.2.2): a flow's own attempt limit alone lets someone who knows the password start a
/// new flow whenever one runs out. As <see cref="UserLockout"/> does for passwords, a code is counted before it
/// is checked, in one conditional statement, so codes sent in parallel cannot outrun the limit.
/// </summary>
public sealed class OtpLockout(ServerDbContext db, IOptions<FlowsLockoutOptions> options, TimeProvider clock)
{
    private int Maximum => Math.Max(1, options.Value.MaxFailedOtpAttempts);

    /// <summary>Counts one code before it is checked; false while the factor is locked or the codes under way reach the limit.</summary>
    public async Task<bool> TryReserveAttemptAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var maximum = Maximum;
        var reserved = await db.Users
            .Where(u => u.Id == userId && u.EnvironmentId == environmentId
                && (u.OtpLockoutEnd == null || u.OtpLockoutEnd <= now) && u.OtpFailedCount < maximum)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.OtpFailedCount, u => u.OtpFailedCount + 1), cancellationToken);
        if (reserved == 1)
        {
            return true;
        }

        // A count left at the limit without a lock (a request that died after reserving) becomes a lock that ends.
        await LockAtLimitAsync(environmentId, userId, now);
        return false;
    }

    /// <summary>The reserved code was wrong; true when that locked the factor.</summary>
    public Task<bool> RecordFailureAsync(string environmentId, string userId) =>
        LockAtLimitAsync(environmentId, userId, clock.GetUtcNow());

    /// <summary>
    /// Records a right code's time step and starts the count afresh, in one statement. False when the step, or a
    /// later one, was used before (RFC 6238 §5.2), or when the factor got locked while the code was checked.
    /// </summary>
    public async Task<bool> TryConsumeTimeStepAsync(string environmentId, string userId, long timeStep)
    {
        var now = clock.GetUtcNow();

        // Not cancelled with the request: a reservation must not outlive a right code.
        var consumed = await db.Users
            .Where(u => u.Id == userId && u.EnvironmentId == environmentId
                && (u.LastTotpTimeStep == null || u.LastTotpTimeStep < timeStep)
                && (u.OtpLockoutEnd == null || u.OtpLockoutEnd <= now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.LastTotpTimeStep, timeStep)
                .SetProperty(u => u.OtpFailedCount, 0), CancellationToken.None);
        return consumed == 1;
    }

    /// <summary>
    /// Locks the factor when its count has reached the limit and it is not locked already: only one request finds
    /// it so. Not cancelled with the request, so a lost connection cannot leave the count at the limit without a lock.
    /// </summary>
    private async Task<bool> LockAtLimitAsync(string environmentId, string userId, DateTimeOffset now)
    {
        var maximum = Maximum;
        DateTimeOffset? lockoutEnd = now + options.Value.OtpDuration;
        var locked = await db.Users
            .Where(u => u.Id == userId && u.EnvironmentId == environmentId
                && (u.OtpLockoutEnd == null || u.OtpLockoutEnd <= now) && u.OtpFailedCount >= maximum)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.OtpFailedCount, 0)
                .SetProperty(u => u.OtpLockoutEnd, lockoutEnd), CancellationToken.None);
        if (locked > 0)
        {
            FlowsMetrics.LockedOut(environmentId, FlowsMetrics.OtpFactor);
        }

        return locked > 0;
    }
}
