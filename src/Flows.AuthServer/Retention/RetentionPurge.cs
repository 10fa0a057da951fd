using Flows.AuthServer.Data;
using Flows.AuthServer.Users.Registrations;
using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Retention;

/// <summary>
/// Deletes what can no longer be used once it is past its retention: flow instances with their journals, ended
/// or expired sessions, one-time codes sent for flows that are gone, expired remembered browsers, OpenIddict's
/// expired, redeemed or revoked tokens and authorizations, and self-registered accounts never verified. Every delete is
/// conditional and idempotent, so any number of nodes may run it at once.
/// </summary>
public sealed class RetentionPurge(
    IFlowInstanceStore instances,
    ServerDbContext db,
    IOpenIddictTokenManager tokens,
    IOpenIddictAuthorizationManager authorizations,
    IOptions<RetentionOptions> options,
    UnverifiedRegistrationPurge registrations,
    TimeProvider clock)
{
    // Small batches keep each delete short: SQLite has one writer, and sign-ins must not wait behind a purge.
    private const int SessionBatchSize = 500;

    public async Task<RetentionPurgeResult> RunAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value;
        var now = clock.GetUtcNow();
        return new RetentionPurgeResult(
            await instances.PurgeAsync(now - retention.FlowInstances, cancellationToken),
            await PurgeSessionsAsync(now - retention.Sessions, cancellationToken),
            await tokens.PruneAsync(now - retention.Tokens, cancellationToken),
            await authorizations.PruneAsync(now - retention.Tokens, cancellationToken))
        {
            // A code outlives its flow's step only to be answered "expired"; once its flow instance may be gone, nothing reads it.
            SentCodes = await db.SentCodes.Where(c => c.ExpiresAt < now - retention.FlowInstances).ExecuteDeleteAsync(cancellationToken),
            RememberedDevices = await db.RememberedDevices.Where(d => d.ExpiresAt < now - retention.Sessions).ExecuteDeleteAsync(cancellationToken),
            UnverifiedRegistrations = await registrations.RunAsync(cancellationToken),
        };
    }

    private async Task<int> PurgeSessionsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var purged = 0;
        int deleted;
        do
        {
            deleted = await db.Sessions
                .Where(s => s.ExpiresAt < before || (s.EndedAt != null && s.EndedAt < before))
                .OrderBy(s => s.Id)
                .Take(SessionBatchSize)
                .ExecuteDeleteAsync(cancellationToken);
            purged += deleted;
        }
        while (deleted == SessionBatchSize);

        return purged;
    }
}

/// <summary>How many rows of each kind one purge deleted.</summary>
public sealed record RetentionPurgeResult(int FlowInstances, int Sessions, long Tokens, long Authorizations)
{
    public int SentCodes { get; init; }

    public int RememberedDevices { get; init; }

    /// <summary>Accounts that registered themselves and were never verified (<see cref="UnverifiedRegistrationPurge"/>).</summary>
    public int UnverifiedRegistrations { get; init; }

    public bool DeletedAnything =>
        FlowInstances > 0 || Sessions > 0 || Tokens > 0 || Authorizations > 0 || SentCodes > 0 || RememberedDevices > 0
        || UnverifiedRegistrations > 0;
}
