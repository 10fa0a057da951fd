using Flows.AuthServer.Data;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Persistence;
using Flows.Engine.Runtime;
using Flows.Engine.Validation;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// Temporary: flows for the designer straight from the engine's definition store (published versions) and the
/// ManagedFlows table (drafts), until the management API's flow service lands and replaces this adapter.
/// Each call uses its own scope: a Blazor circuit lives long, a DbContext should not.
/// </summary>
public sealed class ServerDesignerFlows(IServiceScopeFactory scopes, FlowDefinitionValidator validator, TimeProvider clock) : IDesignerFlows
{
    public async Task<IReadOnlyList<DesignerFlowSummary>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var engine = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync(cancellationToken);
        var published = await engine.Definitions.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId)
            .GroupBy(r => r.DefinitionId)
            .Select(g => new { Id = g.Key, Version = g.Max(r => r.Version) })
            .ToListAsync(cancellationToken);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flow in published)
        {
            names[flow.Id] = await engine.Definitions.AsNoTracking()
                .Where(r => r.EnvironmentId == environmentId && r.DefinitionId == flow.Id && r.Version == flow.Version)
                .Select(r => r.Name).FirstAsync(cancellationToken);
        }

        var managed = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().ManagedFlows.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId)
            .ToListAsync(cancellationToken);
        var summaries = published.Select(flow =>
        {
            var record = managed.Find(m => m.DefinitionId == flow.Id);
            return new DesignerFlowSummary(flow.Id, record?.Name ?? names[flow.Id], flow.Version, record?.DraftJson is not null, record?.UpdatedAt);
        }).ToList();
        summaries.AddRange(managed
            .Where(m => published.All(p => p.Id != m.DefinitionId))
            .Select(m => new DesignerFlowSummary(m.DefinitionId, m.Name, null, m.DraftJson is not null, m.UpdatedAt)));
        return summaries.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<DesignerFlowDraft?> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var latest = await scope.ServiceProvider.GetRequiredService<IFlowDefinitionStore>().FindLatestAsync(environmentId, flowId, cancellationToken);
        var record = await FindRecordAsync(scope.ServiceProvider.GetRequiredService<ServerDbContext>(), environmentId, flowId, cancellationToken);
        if (record?.DraftJson is { } json)
        {
            return new DesignerFlowDraft(FlowDefinitionSerializer.Deserialize(json), latest?.Version, HasUnpublishedChanges: true);
        }

        // The published version is shared (cached, immutable): the editor gets its own copy.
        return latest is null ? null : new DesignerFlowDraft(Copy(latest), latest.Version, HasUnpublishedChanges: false);
    }

    public async Task<FlowDefinition?> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<IFlowDefinitionStore>().FindAsync(environmentId, flowId, version, cancellationToken);
        return found is null ? null : Copy(found);
    }

    public async Task SaveDraftAsync(string environmentId, FlowDefinition draft, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var now = clock.GetUtcNow();
        var record = await FindRecordAsync(db, environmentId, draft.Id, cancellationToken);
        if (record is null)
        {
            record = new ManagedFlowRecord { EnvironmentId = environmentId, DefinitionId = draft.Id, Name = draft.Name, CreatedAt = now };
            db.ManagedFlows.Add(record);
        }

        var copy = Copy(draft);
        copy.Version = 0;
        record.Name = draft.Name;
        record.DraftJson = FlowDefinitionSerializer.Serialize(copy);
        record.DraftUpdatedAt = now;
        record.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    public IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition) => validator.Validate(definition);

    public async Task<DesignerPublishResult> PublishAsync(string environmentId, FlowDefinition definition, string? note, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var published = await scope.ServiceProvider.GetRequiredService<FlowPublisher>().PublishAsync(environmentId, Copy(definition), note, cancellationToken);
            await ClearDraftAsync(scope.ServiceProvider.GetRequiredService<ServerDbContext>(), environmentId, definition, cancellationToken);
            return new DesignerPublishResult(published.Version, []);
        }
        catch (FlowValidationException exception)
        {
            return new DesignerPublishResult(null, exception.Problems);
        }
    }

    public async Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var versions = await scope.ServiceProvider.GetRequiredService<IFlowDefinitionStore>().ListVersionsAsync(environmentId, flowId, cancellationToken);
        return versions.Select(v => new DesignerFlowVersion(v.Version, v.Name, v.PublishedAt, v.Note)).ToList();
    }

    public async Task<DesignerPublishResult> RollbackAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default)
    {
        var earlier = await GetVersionAsync(environmentId, flowId, version, cancellationToken)
            ?? throw new InvalidOperationException($"The flow '{flowId}' has no version {version}.");
        return await PublishAsync(environmentId, earlier, $"Rollback to version {version}", cancellationToken);
    }

    private static Task<ManagedFlowRecord?> FindRecordAsync(ServerDbContext db, string environmentId, string flowId, CancellationToken cancellationToken) =>
        db.ManagedFlows.FirstOrDefaultAsync(f => f.EnvironmentId == environmentId && f.DefinitionId == flowId, cancellationToken);

    private async Task ClearDraftAsync(ServerDbContext db, string environmentId, FlowDefinition definition, CancellationToken cancellationToken)
    {
        if (await FindRecordAsync(db, environmentId, definition.Id, cancellationToken) is { } record)
        {
            record.DraftJson = null;
            record.DraftUpdatedAt = null;
            record.Name = definition.Name;
            record.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static FlowDefinition Copy(FlowDefinition definition) =>
        FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(definition));
}
