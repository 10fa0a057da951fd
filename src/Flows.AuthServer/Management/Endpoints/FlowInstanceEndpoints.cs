using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Resources;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flowInstances</c>: the environment's flow instances, newest first, filtered (e.g.
/// <c>?status=SUSPENDED</c>) and paged by the engine's keyset cursor.
/// </summary>
public static class FlowInstanceEndpoints
{
    public static IEndpointRouteBuilder MapFlowInstances(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(ManagementRoutes.Environment + ManagementRoutes.FlowInstances, ListAsync);
        return v1;
    }

    private static async Task<IResult> ListAsync(
        string env, HttpRequest request, EnvironmentCatalog catalog, IFlowInstanceStore instances, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var problems = new List<FieldProblem>();
        var query = FlowInstanceListRequest.Parse(env, request.Query, problems);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        FlowInstancePage page;
        try
        {
            page = await instances.ListAsync(query, cancellationToken);
        }
        catch (ArgumentException)
        {
            // The engine refuses a cursor it cannot decode; it is the only argument it checks.
            return ManagementProblems.Invalid(PageRequest.AfterParameter, PageRequest.InvalidCursor);
        }

        return Results.Ok(new ListPage<FlowInstanceResource>(page.Items.Select(FlowInstanceResource.Of).ToList(), page.Next));
    }
}
