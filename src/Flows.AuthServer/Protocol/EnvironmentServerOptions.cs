using System.Collections.Concurrent;
using Flows.AuthServer.Environments;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Gives OpenIddict one options instance per environment, built once by the regular options pipeline with
/// that environment's keys (the approach OpenIddict's maintainer describes for path-based tenants).
/// </summary>
public sealed class EnvironmentServerOptions(IOptionsFactory<OpenIddictServerOptions> factory, EnvironmentContext environments)
    : IOptionsMonitor<OpenIddictServerOptions>
{
    private readonly ConcurrentDictionary<string, Lazy<OpenIddictServerOptions>> _byEnvironment = new(StringComparer.Ordinal);

    public OpenIddictServerOptions CurrentValue => Get(Options.DefaultName);

    public OpenIddictServerOptions Get(string? name)
    {
        var key = environments.Current?.Id ?? "";
        return _byEnvironment.GetOrAdd(key, _ => new Lazy<OpenIddictServerOptions>(() => factory.Create(name ?? Options.DefaultName))).Value;
    }

    /// <summary>Drops a deleted environment's options, so its keys never sign for an environment created again under its id.</summary>
    public void Forget(string environmentId) => _byEnvironment.TryRemove(environmentId, out _);

    public IDisposable? OnChange(Action<OpenIddictServerOptions, string?> listener) => null;
}
