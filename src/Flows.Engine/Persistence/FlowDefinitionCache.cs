using System.Collections.Concurrent;
using Flows.Engine.Definitions;

namespace Flows.Engine.Persistence;

/// <summary>Parsed published versions, shared by all requests; safe because published versions are immutable.</summary>
public sealed class FlowDefinitionCache
{
    private readonly ConcurrentDictionary<(string Environment, string Id, int Version), FlowDefinition> _definitions = new();

    public bool TryGet(string environmentId, string definitionId, int version, out FlowDefinition definition) =>
        _definitions.TryGetValue((environmentId, definitionId, version), out definition!);

    public FlowDefinition Add(string environmentId, FlowDefinition definition) =>
        _definitions.GetOrAdd((environmentId, definition.Id, definition.Version), definition);

    /// <summary>Drops a deleted environment's versions: an environment created again under its id numbers from 1 anew.</summary>
    public void Forget(string environmentId)
    {
        foreach (var key in _definitions.Keys.Where(key => key.Environment == environmentId))
        {
            _definitions.TryRemove(key, out _);
        }
    }

    /// <summary>Drops every version: a deletion of an environment may have been missed.</summary>
    public void ForgetAll() => _definitions.Clear();
}
