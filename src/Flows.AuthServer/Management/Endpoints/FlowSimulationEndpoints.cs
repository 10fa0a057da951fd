using Flows.AuthServer.Administration;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Flows;
using Flows.AuthServer.Simulation;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>POST /v1/environments/{env}/flows/{flowId}/simulate</c>: a dry run of the draft or a version, as a real or a
/// described user, through the answers given. It changes nothing, so it is not audited; it needs the write scope, as
/// it reads users' data and factors the way a change would.
/// </summary>
public static class FlowSimulationEndpoints
{
    private const string Simulate = FlowRoutes.Flow + "/simulate";

    public static IEndpointRouteBuilder MapFlowSimulation(this IEndpointRouteBuilder v1)
    {
        v1.MapPost(Simulate, SimulateAsync).RequireAuthorization(ManagementScopes.Write).NotAudited()
            .WithName("SimulateFlow")
            .WithSummary("Runs the draft or a published version dry, as a chosen or described user, through the answers given: the steps, "
                + "where it stopped, the state after each answer and what it would have done. Nothing real happens.")
            .DocumentsBody<FlowSimulationRequest>()
            .Produces<FlowSimulationResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return v1;
    }

    private static async Task<IResult> SimulateAsync(
        string env, string flowId, HttpRequest request, FlowSimulator simulator, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<FlowSimulationRequest>(request);
        if (body.Value is not { } simulation)
        {
            return body.Problem!;
        }

        return FlowProblems.OkOr(await simulator.SimulateAsync(env, flowId, simulation, cancellationToken));
    }
}
