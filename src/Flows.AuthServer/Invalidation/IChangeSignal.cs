namespace Flows.AuthServer.Invalidation;

/// <summary>
/// Tells every node's caches that something changed. Called by the service that made the change, once it has
/// committed: a node told earlier could read the old row again and keep it.
/// </summary>
public interface IChangeSignal
{
    /// <summary>
    /// Forgets the change in this process at once, and tells the other nodes. Takes no cancellation token on purpose:
    /// the change has committed, so a caller hanging up must not keep the other nodes from hearing of it.
    /// </summary>
    Task PublishAsync(CacheChange change);
}
