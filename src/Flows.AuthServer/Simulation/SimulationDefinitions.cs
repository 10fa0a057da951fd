using Flows.AuthServer.FlowDefinitions;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.Simulation;

/// <summary>Finds the definition a dry run runs: the draft, a published version, or by default the draft, else the default version.</summary>
public sealed class SimulationDefinitions(FlowDefinitionService flows)
{
    public async Task<FlowServiceResult<FlowDefinition>> FindAsync(
        string environmentId, string flowId, FlowSimulationRequest request, CancellationToken cancellationToken)
    {
        if (request.Version is { } version)
        {
            return await flows.GetVersionAsync(environmentId, flowId, version, cancellationToken);
        }

        var draft = await flows.GetDraftAsync(environmentId, flowId, cancellationToken);
        if (draft.Value is { } found)
        {
            return FlowServiceResult<FlowDefinition>.Ok(found.Definition);
        }

        if (request.Draft == true)
        {
            return draft.Error!;
        }

        var flow = await flows.GetAsync(environmentId, flowId, cancellationToken);
        if (flow.Error is { } error)
        {
            return error;
        }

        return flow.Value!.DefaultVersion is { } defaultVersion
            ? await flows.GetVersionAsync(environmentId, flowId, defaultVersion, cancellationToken)
            : FlowError.Missing($"A draft or published version of flow '{flowId}'");
    }
}
