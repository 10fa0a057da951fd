using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// The flows published in an environment, which are what its default flow and its applications may name: the
/// shipped ones every environment starts with and any an administrator published since.
/// </summary>
public sealed class PublishedFlows(IDbContextFactory<FlowsDbContext> contexts)
{
    public async Task<IReadOnlySet<string>> IdsAsync(string environmentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Definitions.AsNoTracking()
            .Where(r => r.EnvironmentId == environmentId)
            .Select(r => r.DefinitionId)
            .Distinct()
            .ToListAsync(cancellationToken);
        return ids.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="version"/> of the flow is published in the environment.</summary>
    public async Task<bool> HasVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.AsNoTracking()
            .AnyAsync(r => r.EnvironmentId == environmentId && r.DefinitionId == flowId && r.Version == version, cancellationToken);
    }
}
