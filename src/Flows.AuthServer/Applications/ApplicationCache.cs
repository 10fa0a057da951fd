using System.Collections.Concurrent;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Applications by environment and client id, kept for a short while: every token request looks its client up,
/// and clients change rarely. A change on any node makes every node forget the client (<see cref="IChangeSignal"/>);
/// entries also expire after <see cref="Lifetime"/>, in case a node missed one. A disabled cache (the protocol's
/// speed-ups off) keeps nothing.
/// </summary>
public sealed class ApplicationCache(TimeProvider clock, bool enabled = true) : IInvalidatedCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string Environment, string ClientId), (FlowsApplication Application, DateTimeOffset Expires)> _entries = new();
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>Whether applications are kept; when not, every look-up reads the database as OpenIddict's store does.</summary>
    public bool Enabled => enabled;

    /// <summary>
    /// Changes with every forgetting. Read it before reading an application from the database and pass it to
    /// <see cref="Add(FlowsApplication, long)"/>: a copy read before a change that was forgotten meanwhile is not kept.
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    public FlowsApplication? Find(string environmentId, string clientId) =>
        enabled && _entries.TryGetValue((environmentId, clientId), out var entry) && entry.Expires > clock.GetUtcNow() ? entry.Application : null;

    public void Add(FlowsApplication application) => Add(application, Generation);

    /// <summary>Keeps <paramref name="application"/> unless something was forgotten since <paramref name="readAt"/>.</summary>
    public void Add(FlowsApplication application, long readAt)
    {
        if (!enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (readAt == _generation)
            {
                _entries[(application.EnvironmentId, application.ClientId!)] = (application, clock.GetUtcNow() + Lifetime);
            }
        }
    }

    public void Forget(string environmentId, string clientId) =>
        Forgetting(() => _entries.TryRemove((environmentId, clientId), out _));

    /// <summary>Forgets every application of a deleted environment.</summary>
    public void ForgetEnvironment(string environmentId) => Forgetting(() =>
    {
        foreach (var key in _entries.Keys.Where(key => key.Environment == environmentId))
        {
            _entries.TryRemove(key, out _);
        }
    });

    public void Forget(CacheChange change)
    {
        if (change is { Area: CacheAreas.Application, Key: { } clientId })
        {
            Forget(change.EnvironmentId, clientId);
        }
        else if (change.Area == CacheAreas.Environment)
        {
            ForgetEnvironment(change.EnvironmentId);
        }
    }

    public void ForgetAll() => Forgetting(_entries.Clear);

    private void Forgetting(Action forget)
    {
        lock (_gate)
        {
            _generation++;
            forget();
        }
    }
}
