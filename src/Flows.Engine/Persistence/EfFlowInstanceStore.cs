using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>
/// Instances and journals in the relational database, one short-lived context per call. Every write also adds what it
/// changes to the kept funnel counts (<see cref="FlowFunnelCounter"/>), in the same transaction.
/// </summary>
public sealed class EfFlowInstanceStore(IDbContextFactory<FlowsDbContext> contexts) : IFlowInstanceStore
{
    // Small batches keep each delete short: SQLite has one writer, and sign-ins must not wait behind a purge.
    private const int PurgeBatchSize = 500;

    public async Task CreateAsync(FlowInstance instance, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await MappedStatement.Insert(db, instance).ExecuteAsync(cancellationToken);
        await InsertJournalAsync(db, journal, cancellationToken);

        var tally = new FlowFunnelTally();
        var position = FlowRunPosition.Of(instance);
        tally.CountSteps(position, journal);
        tally.Move(from: null, position);
        await FlowFunnelCounter.AddAsync(db, tally, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        instance.Stored = new StoredRunPosition(instance.Revision, position);
    }

    public async Task<FlowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instance = await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is not null)
        {
            instance.Stored = new StoredRunPosition(instance.Revision, FlowRunPosition.Of(instance));
        }

        return instance;
    }

    public async Task UpdateAsync(FlowInstance instance, int expectedRevision, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Where the run stood at the expected revision: the update below applies only to that revision, so this is
        // exactly the position it moves from. Known when this instance was read at that revision; otherwise read before
        // the transaction, so SQLite's starts with its write.
        var before = instance.Stored is { } stored && stored.Revision == expectedRevision
            ? stored.Position
            : await PositionAsync(db, instance.Id, expectedRevision, cancellationToken) ?? throw new FlowConflictException(instance.Id);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The write comes first in the transaction, so the database serializes competing resumes on it:
        // the second one finds the revision moved and changes nothing.
        var updated = await MappedStatement.Update<FlowInstance>(db,
            [
                (nameof(FlowInstance.Status), instance.Status),
                (nameof(FlowInstance.DefinitionId), instance.DefinitionId),
                (nameof(FlowInstance.DefinitionVersion), instance.DefinitionVersion),
                (nameof(FlowInstance.ApplicationId), instance.ApplicationId),
                (nameof(FlowInstance.CurrentNodeId), instance.CurrentNodeId),
                (nameof(FlowInstance.Prompt), instance.Prompt),
                (nameof(FlowInstance.State), instance.State),
                (nameof(FlowInstance.Error), instance.Error),
                (nameof(FlowInstance.UserId), instance.UserId),
                (nameof(FlowInstance.UpdatedAt), instance.UpdatedAt),
                (nameof(FlowInstance.ExpiresAt), instance.ExpiresAt),
                (nameof(FlowInstance.Revision), instance.Revision),
            ],
            (nameof(FlowInstance.Id), instance.Id),
            (nameof(FlowInstance.Revision), expectedRevision)).ExecuteAsync(cancellationToken);
        if (updated == 0)
        {
            throw new FlowConflictException(instance.Id);
        }

        await InsertJournalAsync(db, journal, cancellationToken);

        var tally = new FlowFunnelTally();
        var after = FlowRunPosition.Of(instance);
        tally.CountSteps(before, after, journal);
        tally.Move(before, after);
        await FlowFunnelCounter.AddAsync(db, tally, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        instance.Stored = new StoredRunPosition(instance.Revision, after);
    }

    private static Task<FlowRunPosition?> PositionAsync(FlowsDbContext db, string instanceId, int? revision, CancellationToken cancellationToken) =>
        db.Instances.AsNoTracking()
            .Where(i => i.Id == instanceId && (revision == null || i.Revision == revision))
            .Select(i => new FlowRunPosition(i.EnvironmentId, i.DefinitionId, i.DefinitionVersion, i.CreatedAt, i.Status, i.CurrentNodeId))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<int> TransferSessionAsync(string environmentId, string fromTokenHash, string toTokenHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await MappedStatement.Update<FlowInstance>(db,
            [(nameof(FlowInstance.SessionTokenHash), toTokenHash)],
            (nameof(FlowInstance.SessionTokenHash), fromTokenHash),
            (nameof(FlowInstance.EnvironmentId), environmentId)).ExecuteAsync(cancellationToken);
    }

    // A step or two per write: one statement each (the database numbers them; nothing reads an entry back by its id).
    private static async Task InsertJournalAsync(FlowsDbContext db, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        foreach (var entry in journal)
        {
            await MappedStatement.Insert(db, entry).ExecuteAsync(cancellationToken);
        }
    }

    public async Task AppendJournalAsync(IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await InsertJournalAsync(db, journal, cancellationToken);

        // The steps count at the version the run is on; the run itself does not move.
        var tally = new FlowFunnelTally();
        foreach (var steps in journal.GroupBy(entry => entry.InstanceId))
        {
            if (await PositionAsync(db, steps.Key, revision: null, cancellationToken) is { } run)
            {
                tally.CountSteps(run, steps);
            }
        }

        await FlowFunnelCounter.AddAsync(db, tally, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<FlowJournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Journal.AsNoTracking()
            .Where(e => e.InstanceId == instanceId)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<FlowInstancePage> ListAsync(FlowInstanceQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var items = await FlowInstanceFilter.Apply(db.Instances.AsNoTracking(), query)
            .OrderByDescending(i => i.CreatedAt)
            .ThenByDescending(i => i.Id)
            .Take(pageSize + 1)
            .ToListAsync(cancellationToken);

        // One row more than the page tells whether another page follows, without a count query.
        var next = items.Count > pageSize ? FlowInstanceCursor.Encode(items[pageSize - 1]) : null;
        return new FlowInstancePage(items.Take(pageSize).ToList(), next);
    }

    public async Task<int> ExpireIdleAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = 0;
        while (true)
        {
            var (found, changed) = await ExpireBatchAsync(now, cancellationToken);
            expired += changed;
            if (found < PurgeBatchSize || changed == 0)
            {
                return expired; // nothing changed: another node is on it, the next run goes on
            }
        }
    }

    /// <summary>
    /// Expires one batch, each instance only at the revision it was found at, so the counts move exactly the runs this
    /// call expired (a run resumed meanwhile is left alone, and counted where its resume put it).
    /// </summary>
    private async Task<(int Found, int Expired)> ExpireBatchAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var idle = await db.Instances.AsNoTracking()
            .Where(i => (i.Status == FlowInstanceStatus.Suspended || i.Status == FlowInstanceStatus.Running) && i.ExpiresAt <= now)
            .OrderBy(i => i.ExpiresAt)
            .Take(PurgeBatchSize)
            .Select(i => new { i.Id, i.Revision, Position = new FlowRunPosition(i.EnvironmentId, i.DefinitionId, i.DefinitionVersion, i.CreatedAt, i.Status, i.CurrentNodeId) })
            .ToListAsync(cancellationToken);
        if (idle.Count == 0)
        {
            return (0, 0);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tally = new FlowFunnelTally();
        var expired = 0;
        foreach (var run in idle)
        {
            var updated = await db.Instances
                .Where(i => i.Id == run.Id && i.Revision == run.Revision)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Status, FlowInstanceStatus.Expired)
                    .SetProperty(i => i.Prompt, (FlowPrompt?)null)
                    .SetProperty(i => i.UpdatedAt, now)
                    .SetProperty(i => i.Revision, i => i.Revision + 1),
                    cancellationToken);
            if (updated == 1)
            {
                tally.Move(run.Position, run.Position with { Status = FlowInstanceStatus.Expired });
                expired++;
            }
        }

        await FlowFunnelCounter.AddAsync(db, tally, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (idle.Count, expired);
    }

    public async Task<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var purged = 0;

        // Status by status, so the (Status, ExpiresAt) index finds the rows instead of a scan of the table.
        foreach (var status in Enum.GetValues<FlowInstanceStatus>())
        {
            int found, deleted;
            do
            {
                (found, deleted) = await PurgeBatchAsync(status, expiredBefore, cancellationToken);
                purged += deleted;
            }
            while (found == PurgeBatchSize && deleted > 0); // nothing deleted: another node is on it, the next run goes on
        }

        return purged;
    }

    /// <summary>How many instances one batch found to purge, and how many of them it deleted.</summary>
    private async Task<(int Found, int Deleted)> PurgeBatchAsync(FlowInstanceStatus status, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Instances.AsNoTracking()
            .Where(i => i.Status == status && i.ExpiresAt < expiredBefore)
            .OrderBy(i => i.ExpiresAt)
            .Take(PurgeBatchSize)
            .Select(i => new FlowRunPosition(i.EnvironmentId, i.DefinitionId, i.DefinitionVersion, i.CreatedAt, i.Status, i.CurrentNodeId) { Id = i.Id })
            .ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            return (0, 0);
        }

        // Journal first, then the instances, in one transaction; another node purging the same rows at the same
        // time deletes them once between the two of them (the second finds nothing left). The kept counts stay: the
        // funnel of a period outlives its runs.
        var ids = found.Select(run => run.Id!).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Journal.Where(e => ids.Contains(e.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        var deleted = status is FlowInstanceStatus.Suspended or FlowInstanceStatus.Running
            ? await DeleteAbandonedAsync(db, found, expiredBefore, cancellationToken)
            : await db.Instances.Where(i => ids.Contains(i.Id) && i.ExpiresAt < expiredBefore).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (found.Count, deleted);
    }

    /// <summary>
    /// Deletes runs still waiting past retention (the expiry sweep had not reached them) one by one, counting each this
    /// call deleted as abandoned where it waited, as the sweep would have.
    /// </summary>
    private static async Task<int> DeleteAbandonedAsync(FlowsDbContext db, List<FlowRunPosition> runs, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var tally = new FlowFunnelTally();
        var deleted = 0;
        foreach (var run in runs)
        {
            if (await db.Instances.Where(i => i.Id == run.Id && i.Status == run.Status && i.ExpiresAt < expiredBefore).ExecuteDeleteAsync(cancellationToken) == 1)
            {
                tally.Move(run, run with { Status = FlowInstanceStatus.Expired });
                deleted++;
            }
        }

        await FlowFunnelCounter.AddAsync(db, tally, cancellationToken);
        return deleted;
    }
}
