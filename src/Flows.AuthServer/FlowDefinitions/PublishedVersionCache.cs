using Flows.AuthServer.Invalidation;
using Flows.Engine.Persistence;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Tells the engine's cache of published versions (<see cref="FlowDefinitionCache"/>) of a deleted environment: a
/// version never changes, but an environment created again under the same id numbers its versions from 1 anew.
/// </summary>
public sealed class PublishedVersionCache(FlowDefinitionCache versions) : IInvalidatedCache
{
    public void Forget(CacheChange change)
    {
        if (change.Area == CacheAreas.Environment)
        {
            versions.Forget(change.EnvironmentId);
        }
    }

    public void ForgetAll() => versions.ForgetAll();
}
