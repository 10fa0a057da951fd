namespace Flows.AuthServer.Invalidation;

/// <summary>The signal of a single node (SQLite): the only caches to tell are this process's.</summary>
public sealed class LocalChangeSignal(LocalCaches caches) : IChangeSignal
{
    public Task PublishAsync(CacheChange change)
    {
        caches.Forget(change);
        return Task.CompletedTask;
    }
}
