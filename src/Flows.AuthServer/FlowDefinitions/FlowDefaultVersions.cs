using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.Engine.Definitions;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// The versions new sign-ins of a flow start on (<see cref="ManagedFlowRecord.DefaultVersion"/>, else the latest
/// published, and a rollout's share, <see cref="FlowVersionChoice"/>), read on the sign-in path: from memory, so a
/// sign-in costs no query for them. Publishing or rolling back on any node makes every node forget the entry
/// (<see cref="IChangeSignal"/>); entries also expire after <see cref="Lifetime"/>, in case a node missed a change.
/// </summary>
public sealed class FlowDefaultVersions(IServiceScopeFactory scopes, TimeProvider clock) : IInvalidatedCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Environment, string Flow), (FlowVersionChoice Choice, DateTimeOffset Until)> _known = new();
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>The default version (null when the latest published version is the default) and the rollout, if any.</summary>
    public async ValueTask<FlowVersionChoice> FindAsync(string environmentId, string flowId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue((environmentId, flowId), out var known) && known.Until > now)
        {
            return known.Choice;
        }

        var readAt = Interlocked.Read(ref _generation);
        await using var scope = scopes.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().ManagedFlows.AsNoTracking()
            .Where(f => f.EnvironmentId == environmentId && f.DefinitionId == flowId)
            .Select(f => new { f.DefaultVersion, f.RolloutVersion, f.RolloutPercent })
            .FirstOrDefaultAsync(cancellationToken);
        var latest = row?.DefaultVersion is null
            ? (await scope.ServiceProvider.GetRequiredService<IFlowDefinitionStore>().FindLatestAsync(environmentId, flowId, cancellationToken))?.Version
            : null;
        var choice = new FlowVersionChoice(row?.DefaultVersion, FlowRollout.Of(row?.RolloutVersion, row?.RolloutPercent), latest);

        // Bounded: only flows sign-ins were started for get an entry, and those are the environment's flows. Not kept
        // when something was forgotten during the read (it may be the version before that change), nor for a flow not
        // published yet: its first version may come from a path that tells no other node (shipped flows, imports).
        lock (_gate)
        {
            if (readAt == _generation && choice.StartVersion is not null)
            {
                _known[(environmentId, flowId)] = (choice, now + Lifetime);
            }
        }

        return choice;
    }

    public void Forget(string environmentId, string flowId) => Forgetting(() => _known.TryRemove((environmentId, flowId), out _));

    public void Forget(CacheChange change)
    {
        if (change is { Area: CacheAreas.Flow, Key: { } flowId })
        {
            Forget(change.EnvironmentId, flowId);
        }
        else if (change.Area == CacheAreas.Environment)
        {
            Forgetting(() =>
            {
                foreach (var key in _known.Keys.Where(key => key.Environment == change.EnvironmentId))
                {
                    _known.TryRemove(key, out _);
                }
            });
        }
    }

    public void ForgetAll() => Forgetting(_known.Clear);

    private void Forgetting(Action forget)
    {
        lock (_gate)
        {
            _generation++;
            forget();
        }
    }
}
