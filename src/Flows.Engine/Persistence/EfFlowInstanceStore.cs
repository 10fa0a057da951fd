using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>Instances and journals in the relational database, one short-lived context per call.</summary>
public sealed class EfFlowInstanceStore(IDbContextFactory<FlowsDbContext> contexts) : IFlowInstanceStore
{
    public async Task CreateAsync(FlowInstance instance, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Instances.Add(instance);
        db.Journal.AddRange(journal);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<FlowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
    }

    public async Task UpdateAsync(FlowInstance instance, int expectedRevision, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The write comes first in the transaction, so the database serializes competing resumes on it:
        // the second one finds the revision moved and changes nothing.
        var updated = await db.Instances
            .Where(i => i.Id == instance.Id && i.Revision == expectedRevision)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, instance.Status)
                .SetProperty(i => i.CurrentNodeId, instance.CurrentNodeId)
                .SetProperty(i => i.Prompt, instance.Prompt)
                .SetProperty(i => i.State, instance.State)
                .SetProperty(i => i.Error, instance.Error)
                .SetProperty(i => i.UserId, instance.UserId)
                .SetProperty(i => i.UpdatedAt, instance.UpdatedAt)
                .SetProperty(i => i.ExpiresAt, instance.ExpiresAt)
                .SetProperty(i => i.Revision, instance.Revision),
                cancellationToken);
        if (updated == 0)
        {
            throw new FlowConflictException(instance.Id);
        }

        if (journal.Count > 0)
        {
            db.Journal.AddRange(journal);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> TransferSessionAsync(string environmentId, string fromTokenHash, string toTokenHash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances
            .Where(i => i.SessionTokenHash == fromTokenHash && i.EnvironmentId == environmentId)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.SessionTokenHash, toTokenHash), cancellationToken);
    }

    public async Task AppendJournalAsync(IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Journal.AddRange(journal);
        await db.SaveChangesAsync(cancellationToken);
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
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances
            .Where(i => (i.Status == FlowInstanceStatus.Suspended || i.Status == FlowInstanceStatus.Running) && i.ExpiresAt <= now)
            .ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, FlowInstanceStatus.Expired)
                .SetProperty(i => i.Prompt, (FlowPrompt?)null)
                .SetProperty(i => i.UpdatedAt, now)
                .SetProperty(i => i.Revision, i => i.Revision + 1),
                cancellationToken);
    }
}
