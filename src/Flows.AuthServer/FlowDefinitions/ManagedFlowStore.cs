using Flows.AuthServer.Data;
using Flows.Engine.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// The <see cref="ManagedFlowRecord"/> rows of an environment: finds them, creates the rows of flows that were
/// published without one (the shipped flows, flows applications are bound to), and writes changes only when
/// the row is still as it was read, so two administrators cannot overwrite each other.
/// </summary>
public sealed class ManagedFlowStore(ServerDbContext db, IFlowDefinitionStore definitions, ShippedFlows shippedFlows, TimeProvider clock)
{
    public async Task<ManagedFlowRecord?> FindAsync(EnvironmentRecord environment, string flowId, CancellationToken cancellationToken)
    {
        if (!FlowIds.IsValid(flowId))
        {
            return null;
        }

        return await QueryAsync(environment.Id, flowId, cancellationToken)
            ?? (await EnsureAsync(environment, cancellationToken) ? await QueryAsync(environment.Id, flowId, cancellationToken) : null);
    }

    /// <summary>
    /// Creates the rows of published flows that have none: those in use (the environment's default and the
    /// applications' bindings, which cannot be deleted) and, in an environment that has no rows yet, the
    /// shipped ones. Returns whether it created any.
    /// </summary>
    public async Task<bool> EnsureAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        var existing = await db.ManagedFlows.AsNoTracking().Where(f => f.EnvironmentId == environment.Id)
            .Select(f => f.DefinitionId).ToListAsync(cancellationToken);
        var bound = await db.Applications.AsNoTracking().Where(a => a.EnvironmentId == environment.Id && a.FlowId != null)
            .Select(a => a.FlowId!).Distinct().ToListAsync(cancellationToken);

        // Once an environment has rows, a shipped flow without one was deleted and stays hidden.
        var candidates = new HashSet<string>(bound, StringComparer.Ordinal) { environment.DefaultFlowId };
        if (existing.Count == 0)
        {
            candidates.UnionWith(shippedFlows.Ids);
        }

        candidates.ExceptWith(existing);
        var now = Now();
        var added = 0;
        foreach (var id in candidates.Order(StringComparer.Ordinal))
        {
            if (await definitions.FindLatestAsync(environment.Id, id, cancellationToken) is { } latest)
            {
                db.ManagedFlows.Add(new ManagedFlowRecord
                {
                    EnvironmentId = environment.Id, DefinitionId = id, Name = latest.Name, CreatedAt = now, UpdatedAt = now,
                });
                added++;
            }
        }

        if (added == 0)
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent request created the same rows first: they exist, which is all this wanted.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return true;
    }

    /// <summary>Adds a row; false when its id was taken meanwhile.</summary>
    public async Task<bool> TryAddAsync(ManagedFlowRecord record, CancellationToken cancellationToken)
    {
        db.ManagedFlows.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();

            // The primary key let a concurrent request in first; any other failure is the server's.
            if (await QueryAsync(record.EnvironmentId, record.DefinitionId, cancellationToken) is not null)
            {
                return false;
            }

            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Writes <paramref name="changed"/> over the row, only if the row's <see cref="ManagedFlowRecord.UpdatedAt"/>
    /// is still <paramref name="seen"/>'s: false when someone else wrote it in between.
    /// </summary>
    public async Task<bool> TryUpdateAsync(ManagedFlowRecord seen, ManagedFlowRecord changed, CancellationToken cancellationToken) =>
        await db.ManagedFlows
            .Where(f => f.EnvironmentId == seen.EnvironmentId && f.DefinitionId == seen.DefinitionId && f.UpdatedAt == seen.UpdatedAt)
            .ExecuteUpdateAsync(setters => setters
                .SetProperty(f => f.Name, changed.Name)
                .SetProperty(f => f.DraftJson, changed.DraftJson)
                .SetProperty(f => f.DraftUpdatedAt, changed.DraftUpdatedAt)
                .SetProperty(f => f.DefaultVersion, changed.DefaultVersion)
                .SetProperty(f => f.RolloutVersion, changed.RolloutVersion)
                .SetProperty(f => f.RolloutPercent, changed.RolloutPercent)
                .SetProperty(f => f.RolloutStartedAt, changed.RolloutStartedAt)
                .SetProperty(f => f.UpdatedAt, changed.UpdatedAt), cancellationToken) == 1;

    public async Task<bool> TryDeleteAsync(ManagedFlowRecord seen, CancellationToken cancellationToken) =>
        await db.ManagedFlows
            .Where(f => f.EnvironmentId == seen.EnvironmentId && f.DefinitionId == seen.DefinitionId && f.UpdatedAt == seen.UpdatedAt)
            .ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>A copy of the row to change and pass to <see cref="TryUpdateAsync"/>, stamped now.</summary>
    public ManagedFlowRecord Change(ManagedFlowRecord record) => new()
    {
        EnvironmentId = record.EnvironmentId,
        DefinitionId = record.DefinitionId,
        Name = record.Name,
        DraftJson = record.DraftJson,
        DraftUpdatedAt = record.DraftUpdatedAt,
        DefaultVersion = record.DefaultVersion,
        RolloutVersion = record.RolloutVersion,
        RolloutPercent = record.RolloutPercent,
        RolloutStartedAt = record.RolloutStartedAt,
        CreatedAt = record.CreatedAt,
        UpdatedAt = Later(record.UpdatedAt),
    };

    public ManagedFlowRecord New(string environmentId, FlowDefinition draft)
    {
        var now = Now();
        return new ManagedFlowRecord
        {
            EnvironmentId = environmentId,
            DefinitionId = draft.Id,
            Name = draft.Name,
            DraftJson = FlowDrafts.Serialize(draft),
            DraftUpdatedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Up to <paramref name="count"/> rows of the environment ordered by id, after the id <paramref name="afterId"/>.</summary>
    public Task<List<ManagedFlowRecord>> PageAsync(string environmentId, string? afterId, int count, CancellationToken cancellationToken)
    {
        var query = db.ManagedFlows.AsNoTracking().Where(f => f.EnvironmentId == environmentId);
        if (afterId is not null)
        {
            query = query.Where(f => string.Compare(f.DefinitionId, afterId) > 0);
        }

        return query.OrderBy(f => f.DefinitionId).Take(count).ToListAsync(cancellationToken);
    }

    /// <summary>The applications bound to flows of the environment, by flow id.</summary>
    public async Task<ILookup<string, BoundApplication>> BindingsAsync(string environmentId, string? flowId, CancellationToken cancellationToken)
    {
        var rows = await db.Applications.AsNoTracking()
            .Where(a => a.EnvironmentId == environmentId && a.FlowId != null && (flowId == null || a.FlowId == flowId))
            .OrderBy(a => a.ClientId)
            .Select(a => new BoundApplication(a.FlowId!, a.ClientId!, a.DisplayName, a.FlowVersion))
            .ToListAsync(cancellationToken);
        return rows.ToLookup(row => row.FlowId, StringComparer.Ordinal);
    }

    private Task<ManagedFlowRecord?> QueryAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        db.ManagedFlows.AsNoTracking().FirstOrDefaultAsync(f => f.EnvironmentId == environmentId && f.DefinitionId == flowId, cancellationToken);

    /// <summary>Now, but always after <paramref name="previous"/>: the row's timestamp is its version.</summary>
    private DateTimeOffset Later(DateTimeOffset previous)
    {
        var now = Now();
        return now > previous ? now : previous.AddMilliseconds(1);
    }

    /// <summary>Now in whole milliseconds, which every provider stores exactly, so a written stamp compares equal when read back.</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}

/// <summary>An application bound to a flow.</summary>
public sealed record BoundApplication(string FlowId, string ClientId, string? Name, int? Version);
