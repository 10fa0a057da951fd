using System.Collections.Concurrent;
using Flows.AuthServer.Data;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Applications by environment and client id, kept for a short while: every token request looks its client up,
/// and clients change rarely. Entries expire after <see cref="Lifetime"/> so another node's change is seen
/// soon; this node's own changes call <see cref="Forget"/>. A disabled cache (the protocol's speed-ups off) keeps nothing.
/// </summary>
public sealed class ApplicationCache(TimeProvider clock, bool enabled = true)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Environment, string ClientId), (FlowsApplication Application, DateTimeOffset Expires)> _entries = new();

    /// <summary>Whether applications are kept; when not, every look-up reads the database as OpenIddict's store does.</summary>
    public bool Enabled => enabled;

    public FlowsApplication? Find(string environmentId, string clientId) =>
        enabled && _entries.TryGetValue((environmentId, clientId), out var entry) && entry.Expires > clock.GetUtcNow() ? entry.Application : null;

    public void Add(FlowsApplication application)
    {
        if (enabled)
        {
            _entries[(application.EnvironmentId, application.ClientId!)] = (application, clock.GetUtcNow() + Lifetime);
        }
    }

    public void Forget(string environmentId, string clientId) => _entries.TryRemove((environmentId, clientId), out _);

    /// <summary>Forgets every application of a deleted environment.</summary>
    public void ForgetEnvironment(string environmentId)
    {
        foreach (var key in _entries.Keys.Where(key => key.Environment == environmentId))
        {
            _entries.TryRemove(key, out _);
        }
    }
}
