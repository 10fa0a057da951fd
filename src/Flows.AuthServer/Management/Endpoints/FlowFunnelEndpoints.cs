using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowInstances;
using Flows.AuthServer.Management.Flows;
using Flows.AuthServer.Management.Resources;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flows/{flowId}/funnel?version=&amp;from=&amp;to=</c>: how the runs of a published version went
/// through its graph in a period. The counts are <see cref="FlowFunnelService"/>'s.
/// </summary>
public static class FlowFunnelEndpoints
{
    private const string Funnel = FlowRoutes.Flow + "/funnel";

    public static IEndpointRouteBuilder MapFlowFunnel(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Funnel, GetAsync)
            .WithName("GetFlowFunnel")
            .WithSummary("How the runs of a published version created in [from, to) went through its graph: per node the runs that "
                + "entered it, left it by each outcome, completed, failed, were abandoned (expired), cancelled or still wait there; per edge its runs.")
            .Produces<FlowFunnelResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> GetAsync(
        string env, string flowId, HttpRequest request, FlowFunnelService funnels, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var query = FlowFunnelRequest.Parse(env, flowId, request.Query, clock.GetUtcNow(), problems);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        var funnel = await funnels.GetAsync(query, cancellationToken);
        return FlowProblems.OkOr(funnel);
    }
}
