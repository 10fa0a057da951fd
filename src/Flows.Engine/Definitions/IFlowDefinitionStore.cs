namespace Flows.Engine.Definitions;

/// <summary>Published, immutable flow definition versions, per environment.</summary>
public interface IFlowDefinitionStore
{
    /// <summary>Stores the definition as the next version of its id and returns it with that version set.</summary>
    Task<FlowDefinition> PublishAsync(string environmentId, FlowDefinition definition, string? note, CancellationToken cancellationToken);

    Task<FlowDefinition?> FindAsync(string environmentId, string definitionId, int version, CancellationToken cancellationToken);

    Task<FlowDefinition?> FindLatestAsync(string environmentId, string definitionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<FlowDefinitionVersion>> ListVersionsAsync(string environmentId, string definitionId, CancellationToken cancellationToken);
}

/// <summary>A line of a definition's version history.</summary>
public sealed record FlowDefinitionVersion(string DefinitionId, int Version, string Name, DateTimeOffset PublishedAt, string? Note);
