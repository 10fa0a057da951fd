using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Messaging;

/// <summary>
/// The environments' messaging settings, read once and kept until a change on any node makes every node forget them
/// (<see cref="CacheChange.Messaging"/>). The secrets stay protected in the cache; a sender unprotects them when it uses them.
/// </summary>
public sealed class MessagingSettingsCache(IServiceScopeFactory scopes) : IInvalidatedCache
{
    private readonly ConcurrentDictionary<string, MessagingSettingsRecord?> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>The environment's settings; null when it has none (or does not exist).</summary>
    public async ValueTask<MessagingSettingsRecord?> FindAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(environmentId, out var known))
        {
            return known;
        }

        var readAt = Interlocked.Read(ref _generation);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var record = await db.MessagingSettings.AsNoTracking().FirstOrDefaultAsync(s => s.EnvironmentId == environmentId, cancellationToken);
        if (record is null && !await db.Environments.AsNoTracking().AnyAsync(e => e.Id == environmentId, cancellationToken))
        {
            // Unknown environments are not kept: a crafted request must not grow this cache.
            return null;
        }

        lock (_gate)
        {
            // A row read while something was forgotten may be the settings as they were before that change.
            return readAt == _generation ? _known.GetOrAdd(environmentId, record) : record;
        }
    }

    public void Forget(CacheChange change)
    {
        if (change.Area is CacheAreas.Messaging or CacheAreas.Environment)
        {
            Forgetting(() => _known.TryRemove(change.EnvironmentId, out _));
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
