using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowInstances;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Resources;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flowInstances</c>: the environment's flow instances, newest first, filtered (e.g.
/// <c>?status=SUSPENDED</c>) and paged by the engine's keyset cursor; one instance with its journal; and
/// cancelling one that still waits. The rules are <see cref="FlowInstanceService"/>'s.
/// </summary>
public static class FlowInstanceEndpoints
{
    private const string Instances = ManagementRoutes.Environment + ManagementRoutes.FlowInstances;
    private const string Instance = Instances + "/{id}";

    public static IEndpointRouteBuilder MapFlowInstances(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Instances, ListAsync)
            .WithName("ListFlowInstances")
            .WithSummary("The environment's flow instances, newest first: filter by status, applicationId, definitionId, "
                + "definitionVersion, userId, createdAfter/createdBefore or olderThan/newerThan.")
            .Produces<ListPage<FlowInstanceResource>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(Instance, GetAsync)
            .WithName("GetFlowInstance")
            .WithSummary("One flow instance: its current step and prompt, its error, its step journal and its context without secrets.")
            .Produces<FlowInstanceDetailResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Instance + "/cancel", CancelAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.FlowInstanceCancelled)
            .WithName("CancelFlowInstance")
            .WithSummary("Ends a running or suspended flow instance; its sign-in can no longer continue. Takes If-Match.")
            .Produces<FlowInstanceDetailResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> ListAsync(
        string env, HttpRequest request, FlowInstanceService instances, TimeProvider clock, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var query = FlowInstanceListRequest.Parse(env, request.Query, clock.GetUtcNow(), problems);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        var page = await instances.ListAsync(query, cancellationToken);
        return page.Value is { } found
            ? Results.Ok(new ListPage<FlowInstanceResource>(found.Items.Select(FlowInstanceResource.Of).ToList(), found.Next))
            : ManagementProblems.Of(page.Error!);
    }

    private static async Task<IResult> GetAsync(
        string env, string id, HttpResponse response, FlowInstanceService instances, CancellationToken cancellationToken)
    {
        var instance = await instances.GetAsync(env, id, cancellationToken);
        return instance.Value is { } detail ? ManagementETags.Ok(response, detail) : ManagementProblems.Of(instance.Error!);
    }

    private static async Task<IResult> CancelAsync(
        string env, string id, HttpRequest request, FlowInstanceService instances, CancellationToken cancellationToken)
    {
        var cancelled = await instances.CancelAsync(env, id, request.Headers.IfMatch, AuditActor.Of(request.HttpContext), cancellationToken);
        return cancelled.Value is { } detail ? ManagementETags.Ok(request.HttpContext.Response, detail) : ManagementProblems.Of(cancelled.Error!);
    }
}
