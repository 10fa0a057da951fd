using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Environments;

/// <summary>
/// Finds environments by id for every request, from memory after the first look-up. Environments change rarely,
/// and a change on any node makes every node forget the environment (<see cref="IChangeSignal"/>).
/// </summary>
public sealed class EnvironmentCatalog(IServiceScopeFactory scopes) : IInvalidatedCache
{
    private readonly ConcurrentDictionary<string, EnvironmentRecord> _known = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;

    public async ValueTask<EnvironmentRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(id, out var known))
        {
            return known;
        }

        if (!EnvironmentIds.IsValid(id))
        {
            return null;
        }

        var readAt = Interlocked.Read(ref _generation);
        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Environments
            .AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

        // Unknown ids are not cached: a crafted path must not grow this cache. Nor is a row read while something
        // was forgotten: it may be the environment as it was before that change, and nothing would forget it again.
        if (found is null)
        {
            return null;
        }

        lock (_gate)
        {
            return readAt == _generation ? _known.GetOrAdd(id, found) : found;
        }
    }

    public void Forget(string id) => Forgetting(() => _known.TryRemove(id, out _));

    public void Forget(CacheChange change)
    {
        if (change.Area == CacheAreas.Environment)
        {
            Forget(change.EnvironmentId);
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

/// <summary>Registers the <see cref="EnvironmentCatalog"/> with the caches every change reaches.</summary>
public static class EnvironmentCatalogRegistration
{
    public static IServiceCollection AddEnvironmentCatalog(this IServiceCollection services)
    {
        services.AddSingleton<EnvironmentCatalog>();
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<EnvironmentCatalog>());
        return services;
    }
}
