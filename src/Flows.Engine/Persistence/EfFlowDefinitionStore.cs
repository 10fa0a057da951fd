using Flows.Engine.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>
/// Published definition versions in the database. A version never changes once published, so each is
/// parsed once and then served from <see cref="FlowDefinitionCache"/>.
/// </summary>
public sealed class EfFlowDefinitionStore(IDbContextFactory<FlowsDbContext> contexts, FlowDefinitionCache cache, TimeProvider clock)
    : IFlowDefinitionStore
{
    private const int PublishAttempts = 3;

    public async Task<FlowDefinition> PublishAsync(string environmentId, FlowDefinition definition, string? note, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var latest = await db.Definitions
                .Where(r => r.EnvironmentId == environmentId && r.DefinitionId == definition.Id)
                .MaxAsync(r => (int?)r.Version, cancellationToken) ?? 0;
            var published = FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(definition));
            published.Version = latest + 1;
            db.Definitions.Add(new FlowDefinitionRecord
            {
                EnvironmentId = environmentId,
                DefinitionId = published.Id,
                Version = published.Version,
                Name = published.Name,
                Json = FlowDefinitionSerializer.Serialize(published),
                PublishedAt = clock.GetUtcNow(),
                Note = note,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return published;
            }
            catch (DbUpdateException) when (attempt < PublishAttempts)
            {
                // Someone published the same version number first; take the next one.
            }
        }
    }

    public async Task<FlowDefinition?> FindAsync(string environmentId, string definitionId, int version, CancellationToken cancellationToken)
    {
        if (cache.TryGet(environmentId, definitionId, version, out var cached))
        {
            return cached;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var json = await db.Definitions.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && r.DefinitionId == definitionId && r.Version == version)
            .Select(r => r.Json)
            .FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : cache.Add(environmentId, FlowDefinitionSerializer.Deserialize(json));
    }

    public async Task<FlowDefinition?> FindLatestAsync(string environmentId, string definitionId, CancellationToken cancellationToken)
    {
        // Another node may have published since; the version number is always read from the database.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.Definitions
            .Where(r => r.EnvironmentId == environmentId && r.DefinitionId == definitionId)
            .MaxAsync(r => (int?)r.Version, cancellationToken);
        return latest is { } version ? await FindAsync(environmentId, definitionId, version, cancellationToken) : null;
    }

    public async Task<IReadOnlyList<FlowDefinitionVersion>> ListVersionsAsync(string environmentId, string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Definitions.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId && r.DefinitionId == definitionId)
            .OrderBy(r => r.Version)
            .Select(r => new { r.DefinitionId, r.Version, r.Name, r.PublishedAt, r.Note })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FlowDefinitionVersion(r.DefinitionId, r.Version, r.Name, r.PublishedAt, r.Note)).ToList();
    }
}
