using System.Collections.Concurrent;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Invalidation;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Gives OpenIddict the options of the scope's environment. Scoped: OpenIddict reads its options through the
/// request's services (its factory and our dispatcher are scoped), so each request sees its own environment's.
/// </summary>
public sealed class EnvironmentServerOptions(
    ServerOptionsByEnvironment built, IOptionsFactory<OpenIddictServerOptions> factory, EnvironmentContext environment)
    : IOptionsMonitor<OpenIddictServerOptions>
{
    public OpenIddictServerOptions CurrentValue => Get(Options.DefaultName);

    // The factory is this scope's, so ConfigureEnvironmentCredentials adds this scope's environment's keys.
    public OpenIddictServerOptions Get(string? name) =>
        built.GetOrCreate(environment.Current?.Id ?? "", () => factory.Create(name ?? Options.DefaultName));

    public IDisposable? OnChange(Action<OpenIddictServerOptions, string?> listener) => null;
}

/// <summary>
/// One OpenIddict options instance per environment, built once by the regular options pipeline with that
/// environment's keys (the approach OpenIddict's maintainer describes for path-based tenants). "" is the options
/// of no environment, under which OpenIddict handles no request. A change of an environment or of its keys on any
/// node makes every node build them again.
/// </summary>
public sealed class ServerOptionsByEnvironment : IInvalidatedCache
{
    private readonly ConcurrentDictionary<string, Lazy<OpenIddictServerOptions>> _byEnvironment = new(StringComparer.Ordinal);

    /// <summary>The environment's options, built by <paramref name="create"/> the first time only.</summary>
    public OpenIddictServerOptions GetOrCreate(string environmentId, Func<OpenIddictServerOptions> create) =>
        _byEnvironment.GetOrAdd(environmentId, _ => new Lazy<OpenIddictServerOptions>(create)).Value;

    /// <summary>Drops a deleted environment's options, so its keys never sign for an environment created again under its id.</summary>
    public void Forget(string environmentId) => _byEnvironment.TryRemove(environmentId, out _);

    // The keys are read when the options are first used, after they are in the dictionary: a change committed
    // after that read removes them again, so no options with older keys outlive a change.
    public void Forget(CacheChange change)
    {
        if (change.Area is CacheAreas.Environment or CacheAreas.Keys)
        {
            Forget(change.EnvironmentId);
        }
    }

    public void ForgetAll() => _byEnvironment.Clear();
}
