using Flows.AuthServer.FlowDefinitions;
using Flows.Engine.Instances;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// The funnel of a published flow version, for <c>/v1</c> and the designer alike: the version's graph (an unknown
/// environment, flow or version is missing) with the counts its runs' journals give.
/// </summary>
public sealed class FlowFunnelService(FlowDefinitionService flows, IFlowFunnelReader reader)
{
    public async Task<FlowServiceResult<FlowFunnelResource>> GetAsync(FlowFunnelQuery query, CancellationToken cancellationToken)
    {
        var version = await flows.GetVersionAsync(query.EnvironmentId, query.DefinitionId, query.Version, cancellationToken);
        if (version.Error is { } error)
        {
            return error;
        }

        var funnel = await reader.ReadAsync(query, cancellationToken);
        return FlowServiceResult<FlowFunnelResource>.Ok(FlowFunnelResource.Of(version.Value!, query, funnel));
    }
}
