using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Environments;

/// <summary>
/// Finds environments by id for every request, from memory after the first look-up. Environments change
/// rarely and only through this server, which calls <see cref="Forget"/> when one does.
/// </summary>
public sealed class EnvironmentCatalog(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, EnvironmentRecord> _known = new(StringComparer.Ordinal);

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

        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Environments
            .AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == id, cancellationToken);

        // Unknown ids are not cached: a crafted path must not grow this cache.
        return found is null ? null : _known.GetOrAdd(id, found);
    }

    public void Forget(string id) => _known.TryRemove(id, out _);
}
