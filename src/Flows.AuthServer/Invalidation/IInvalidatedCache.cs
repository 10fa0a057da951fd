namespace Flows.AuthServer.Invalidation;

/// <summary>An in-process cache of something an administrator can change, told when it changes on any node.</summary>
public interface IInvalidatedCache
{
    /// <summary>Forgets what <paramref name="change"/> makes stale; a change of an area it does not hold is ignored.</summary>
    void Forget(CacheChange change);

    /// <summary>Forgets everything: changes may have been missed.</summary>
    void ForgetAll();
}
