using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Client;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// The environments' identity providers, each with its OpenIddict client registration (which keeps the provider's
/// discovery document and keys), read once and kept until a change on any node makes every node forget it.
/// </summary>
public sealed class IdentityProviderCache(IServiceScopeFactory scopes, IdentityProviderRegistrations registrations) : IInvalidatedCache
{
    private readonly ConcurrentDictionary<(string Environment, string Provider), CachedProvider> _known = new();
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>The provider and its client registration; null when the environment has no such provider.</summary>
    public async ValueTask<CachedProvider?> FindAsync(string environmentId, string providerId, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue((environmentId, providerId), out var known))
        {
            return known;
        }

        if (providerId.Length is 0 or > IdentityProviderValidation.MaxIdLength)
        {
            return null;
        }

        var readAt = Interlocked.Read(ref _generation);
        await using var scope = scopes.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().IdentityProviders.AsNoTracking()
            .FirstOrDefaultAsync(p => p.EnvironmentId == environmentId && p.Id == providerId, cancellationToken);
        if (record is null)
        {
            // Unknown ids are not kept: a crafted callback path must not grow this cache.
            return null;
        }

        var found = new CachedProvider(record, registrations.Create(record));
        lock (_gate)
        {
            // A row read while something was forgotten may be the provider as it was before that change.
            return readAt == _generation ? _known.GetOrAdd((environmentId, providerId), found) : found;
        }
    }

    public void Forget(CacheChange change)
    {
        if (change is { Area: CacheAreas.IdentityProvider, Key: { } providerId })
        {
            Forgetting(() => _known.TryRemove((change.EnvironmentId, providerId), out _));
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

/// <summary>A provider as stored, and the OpenIddict client registration made of it.</summary>
public sealed record CachedProvider(IdentityProviderRecord Record, OpenIddictClientRegistration Registration);
