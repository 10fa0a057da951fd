using Flows.AuthServer.FlowDefinitions;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// The funnel of a published flow version, for <c>/v1</c> and the designer alike: the version's graph (an unknown
/// environment, flow or version is missing) with the counts its runs' journals give.
/// </summary>
public sealed class FlowFunnelService(FlowDefinitionService flows, IFlowFunnelReader reader)
{
    /// <summary>The funnel as <c>/v1</c> shows it.</summary>
    public async Task<FlowServiceResult<FlowFunnelResource>> GetAsync(FlowFunnelQuery query, CancellationToken cancellationToken)
    {
        var counted = await CountAsync(query, cancellationToken);
        return counted.Error is { } error
            ? error
            : FlowServiceResult<FlowFunnelResource>.Ok(FlowFunnelResource.Of(counted.Value.Definition, query, counted.Value.Funnel));
    }

    /// <summary>The version's definition and the counts of its runs.</summary>
    public async Task<FlowServiceResult<(FlowDefinition Definition, FlowFunnel Funnel)>> CountAsync(FlowFunnelQuery query, CancellationToken cancellationToken)
    {
        var version = await flows.GetVersionAsync(query.EnvironmentId, query.DefinitionId, query.Version, cancellationToken);
        if (version.Error is { } error)
        {
            return error;
        }

        return FlowServiceResult<(FlowDefinition, FlowFunnel)>.Ok((version.Value!, await reader.ReadAsync(query, cancellationToken)));
    }
}
