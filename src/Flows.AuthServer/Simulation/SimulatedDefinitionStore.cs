using Flows.Engine.Definitions;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// The definitions a dry run sees: the one it runs (a draft too, which is never published) and, for a step that hands
/// over to another flow, the environment's published versions, read only.
/// </summary>
public sealed class SimulatedDefinitionStore(FlowDefinition running, IFlowDefinitionStore published) : IFlowDefinitionStore
{
    public Task<FlowDefinition> PublishAsync(string environmentId, FlowDefinition definition, string? note, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A dry run publishes nothing.");

    public Task<FlowDefinition?> FindAsync(string environmentId, string definitionId, int version, CancellationToken cancellationToken) =>
        definitionId == running.Id && version == running.Version
            ? Task.FromResult<FlowDefinition?>(running)
            : published.FindAsync(environmentId, definitionId, version, cancellationToken);

    public Task<FlowDefinition?> FindLatestAsync(string environmentId, string definitionId, CancellationToken cancellationToken) =>
        definitionId == running.Id
            ? Task.FromResult<FlowDefinition?>(running)
            : published.FindLatestAsync(environmentId, definitionId, cancellationToken);

    public Task<IReadOnlyList<FlowDefinitionVersion>> ListVersionsAsync(string environmentId, string definitionId, CancellationToken cancellationToken) =>
        published.ListVersionsAsync(environmentId, definitionId, cancellationToken);
}
