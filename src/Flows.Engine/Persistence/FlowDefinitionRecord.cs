namespace Flows.Engine.Persistence;

/// <summary>A published definition version as stored: the JSON document plus what lists and lookups need.</summary>
public sealed class FlowDefinitionRecord
{
    public required string EnvironmentId { get; init; }

    public required string DefinitionId { get; init; }

    public int Version { get; init; }

    public required string Name { get; init; }

    public required string Json { get; init; }

    public DateTimeOffset PublishedAt { get; init; }

    public string? Note { get; init; }
}
