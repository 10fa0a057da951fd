using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// The version new sign-ins of a flow start on (<see cref="ManagedFlowRecord.DefaultVersion"/>), read on the
/// sign-in path: from memory for a short while, so a sign-in costs no extra query. Publishing or rolling back on
/// this node forgets the entry at once; other nodes see the change within <see cref="Lifetime"/>.
/// </summary>
public sealed class FlowDefaultVersions(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Environment, string Flow), (int? Version, DateTimeOffset Until)> _known = new();

    /// <summary>The default version; null when the latest published version is the default.</summary>
    public async ValueTask<int?> FindAsync(string environmentId, string flowId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue((environmentId, flowId), out var known) && known.Until > now)
        {
            return known.Version;
        }

        await using var scope = scopes.CreateAsyncScope();
        var version = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().ManagedFlows.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId && f.DefinitionId == flowId)
            .Select(f => f.DefaultVersion)
            .FirstOrDefaultAsync(cancellationToken);

        // Bounded: only flows sign-ins were started for get an entry, and those are the environment's flows.
        _known[(environmentId, flowId)] = (version, now + Lifetime);
        return version;
    }

    public void Forget(string environmentId, string flowId) => _known.TryRemove((environmentId, flowId), out _);
}
