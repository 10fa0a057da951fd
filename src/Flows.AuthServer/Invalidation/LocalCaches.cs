namespace Flows.AuthServer.Invalidation;

/// <summary>This process's invalidated caches, told of a change (or to forget everything) all at once.</summary>
public sealed class LocalCaches(IEnumerable<IInvalidatedCache> caches)
{
    private readonly IInvalidatedCache[] _caches = caches.ToArray();

    public void Forget(CacheChange change)
    {
        foreach (var cache in _caches)
        {
            cache.Forget(change);
        }
    }

    public void ForgetAll()
    {
        foreach (var cache in _caches)
        {
            cache.ForgetAll();
        }
    }
}
