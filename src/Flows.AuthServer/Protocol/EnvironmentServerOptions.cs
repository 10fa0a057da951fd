using System.Collections.Concurrent;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Invalidation;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Gives OpenIddict the options of the scope's environment. Scoped: OpenIddict reads its options through the
/// request's services (its factory and our dispatcher are scoped), so each request sees its own environment's, the
/// same ones from its start to its end.
/// </summary>
public sealed class EnvironmentServerOptions(
    ServerOptionsByEnvironment built, IOptionsFactory<OpenIddictServerOptions> factory, EnvironmentContext environment, EnvironmentKeyStore keys)
    : IOptionsMonitor<OpenIddictServerOptions>
{
    private OpenIddictServerOptions? _current;

    public OpenIddictServerOptions CurrentValue => Get(Options.DefaultName);

    // The factory is this scope's, so ConfigureEnvironmentCredentials adds this scope's environment's keys.
    public OpenIddictServerOptions Get(string? name) => _current ??= environment.Current?.Id is { } id
        ? built.GetOrCreate(id, keys.Current(id).Version, () => factory.Create(name ?? Options.DefaultName))
        : built.GetOrCreate("", "", () => factory.Create(name ?? Options.DefaultName));

    public IDisposable? OnChange(Action<OpenIddictServerOptions, string?> listener) => null;
}

/// <summary>
/// One OpenIddict options instance per environment and key set, built by the regular options pipeline with that
/// environment's keys (the approach OpenIddict's maintainer describes for path-based tenants), and built again when
/// the environment's key set changes (a rotation). "" is the options of no environment, under which OpenIddict
/// handles no request. A change of an environment or of its keys on any node makes every node build them again.
/// </summary>
public sealed class ServerOptionsByEnvironment : IInvalidatedCache
{
    private readonly ConcurrentDictionary<string, Built> _byEnvironment = new(StringComparer.Ordinal);

    /// <summary>
    /// The environment's options for the key set <paramref name="keySetVersion"/>, built by <paramref name="create"/>
    /// the first time that set is seen only.
    /// </summary>
    public OpenIddictServerOptions GetOrCreate(string environmentId, string keySetVersion, Func<OpenIddictServerOptions> create)
    {
        if (_byEnvironment.TryGetValue(environmentId, out var known) && known.KeySetVersion == keySetVersion)
        {
            return known.Options.Value;
        }

        var built = _byEnvironment.AddOrUpdate(
            environmentId,
            _ => new Built(keySetVersion, new Lazy<OpenIddictServerOptions>(create)),
            (_, stored) => stored.KeySetVersion == keySetVersion ? stored : new Built(keySetVersion, new Lazy<OpenIddictServerOptions>(create)));
        return built.Options.Value;
    }

    /// <summary>Drops a deleted environment's options, so its keys never sign for an environment created again under its id.</summary>
    public void Forget(string environmentId) => _byEnvironment.TryRemove(environmentId, out _);

    // Options built on a key set read before a change are also replaced by the version check above, once the key
    // store has read the new set; forgetting them frees a deleted environment's at once.
    public void Forget(CacheChange change)
    {
        if (change.Area is CacheAreas.Environment or CacheAreas.Keys)
        {
            Forget(change.EnvironmentId);
        }
    }

    public void ForgetAll() => _byEnvironment.Clear();

    private sealed record Built(string KeySetVersion, Lazy<OpenIddictServerOptions> Options);
}
