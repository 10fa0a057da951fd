using Flows.AuthServer.Data;
using Flows.AuthServer.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.SigningKeys;

/// <summary>
/// Every <see cref="SigningKeyOptions.CheckInterval"/>, on every node: gives each environment the keys it lacks (a
/// next key for one made before rotation existed), rotates the keys that have signed for a whole
/// <see cref="SigningKeyOptions.RotationPeriod"/>, and deletes previous keys past their delete-after. Nodes checking at
/// the same time rotate once (see <see cref="SigningKeyRotation"/>). A failed run is logged and retried at the next tick.
/// </summary>
public sealed class SigningKeySchedule(
    IServiceScopeFactory scopes, EnvironmentKeyStore keys, SigningKeyRotation rotation, IOptions<SigningKeyOptions> options,
    TimeProvider clock, ILogger<SigningKeySchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        do
        {
            await CheckOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One check of every environment.</summary>
    public async Task CheckOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
            foreach (var environmentId in await db.Environments.AsNoTracking().Select(e => e.Id).ToListAsync(stoppingToken))
            {
                await CheckAsync(db, environmentId, stoppingToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(exception, "The signing key check failed; it runs again at the next interval.");
        }
    }

    private async Task CheckAsync(ServerDbContext db, string environmentId, CancellationToken cancellationToken)
    {
        await keys.EnsureKeysAsync(environmentId, cancellationToken);
        var (active, next) = await SigningKeyRotation.ReadAsync(db, environmentId, cancellationToken);
        if (active is not null && next is not null && rotation.IsDue(active))
        {
            await RotateAsync(db, environmentId, rotation.Prepare(environmentId, active, next), cancellationToken);
        }

        await ForgetRetiredAsync(db, environmentId, cancellationToken);
    }

    private async Task RotateAsync(ServerDbContext db, string environmentId, SigningKeyRotation.Rotation due, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await SigningKeyRotation.ApplyAsync(db, due, cancellationToken))
        {
            // Another node rotated first.
            return;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await rotation.CommittedAsync(environmentId);
        logger.LogInformation(
            "Rotated the signing keys of environment {EnvironmentId}: {KeyId} signs now, {NextKeyId} is next.",
            environmentId, due.NextId, due.NewNext.Id);
    }

    /// <summary>
    /// Dates previous keys that have none (kept from before rotation existed) as if retired now, and deletes those past
    /// their delete-after. Dates are compared here, not in SQL: SQLite stores them as text.
    /// </summary>
    private async Task ForgetRetiredAsync(ServerDbContext db, string environmentId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var previous = await db.SigningKeys.AsNoTracking()
            .Where(k => k.EnvironmentId == environmentId && k.Status == SigningKeyStatuses.Previous)
            .Select(k => new { k.Id, k.DeleteAfter })
            .ToListAsync(cancellationToken);
        var undated = previous.Where(k => k.DeleteAfter is null).Select(k => k.Id).ToList();
        var expired = previous.Where(k => k.DeleteAfter <= now).Select(k => k.Id).ToList();
        var changed = 0;
        if (undated.Count > 0)
        {
            changed += await db.SigningKeys.Where(k => undated.Contains(k.Id) && k.DeleteAfter == null)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(k => k.RetireAfter, now + TokenLifetimes.Published)
                    .SetProperty(k => k.DeleteAfter, now + TokenLifetimes.Kept), cancellationToken);
        }

        if (expired.Count > 0)
        {
            changed += await db.SigningKeys.Where(k => expired.Contains(k.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        // Only the node whose statements changed rows tells the others; a node that found them done stays quiet.
        if (changed > 0)
        {
            await rotation.CommittedAsync(environmentId);
        }
    }
}
