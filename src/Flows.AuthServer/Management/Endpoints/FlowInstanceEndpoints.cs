using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Resources;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flowInstances</c>: the environment's flow instances, newest first, filtered (e.g.
/// <c>?status=SUSPENDED</c>) and paged by the engine's keyset cursor; one instance with its journal; and
/// cancelling one that still waits.
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
            .Audited("flowInstance.cancelled")
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
        string env, HttpRequest request, EnvironmentCatalog catalog, IFlowInstanceStore instances, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var problems = new List<FieldProblem>();
        var query = FlowInstanceListRequest.Parse(env, request.Query, clock.GetUtcNow(), problems);
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

    private static async Task<IResult> GetAsync(
        string env, string id, HttpResponse response, EnvironmentCatalog catalog, IFlowInstanceStore instances,
        IFlowDefinitionStore definitions, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var instance = await FindAsync(instances, env, id, cancellationToken);
        return instance is null
            ? MissingInstance(env, id)
            : ManagementETags.Ok(response, await DetailAsync(instance, instances, definitions, cancellationToken));
    }

    private static async Task<IResult> CancelAsync(
        string env, string id, HttpRequest request, HttpResponse response, EnvironmentCatalog catalog, IFlowInstanceStore instances,
        IFlowDefinitionStore definitions, FlowRunner runner, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        if (await FindAsync(instances, env, id, cancellationToken) is not { } instance)
        {
            return MissingInstance(env, id);
        }

        var seen = await DetailAsync(instance, instances, definitions, cancellationToken);
        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(seen)) is { } stale)
        {
            return stale;
        }

        if (instance.IsTerminal)
        {
            return AlreadyEnded(instance);
        }

        FlowInstance cancelled;
        try
        {
            // Only the revision checked above is cancelled: whatever changed the instance since wins.
            cancelled = await runner.CancelAsync(id, instance.Revision, cancellationToken);
        }
        catch (FlowConflictException)
        {
            return request.Headers.IfMatch.Count > 0
                ? ManagementProblems.Stale()
                : ManagementProblems.InConflict("The flow instance changed while it was being cancelled; read it again and retry.");
        }
        catch (FlowNotResumableException)
        {
            return AlreadyEnded(instance);
        }

        return ManagementETags.Ok(response, await DetailAsync(cancelled, instances, definitions, cancellationToken));
    }

    /// <summary>The instance, if it belongs to the environment: another environment's instance does not exist here.</summary>
    private static async Task<FlowInstance?> FindAsync(IFlowInstanceStore instances, string env, string id, CancellationToken cancellationToken) =>
        await instances.FindAsync(id, cancellationToken) is { } instance && instance.EnvironmentId == env ? instance : null;

    private static async Task<FlowInstanceDetailResource> DetailAsync(
        FlowInstance instance, IFlowInstanceStore instances, IFlowDefinitionStore definitions, CancellationToken cancellationToken)
    {
        var journal = await instances.GetJournalAsync(instance.Id, cancellationToken);
        var activityType = FlowInstanceDetailResource.CurrentActivityType(instance, journal);
        if (activityType is null && instance.CurrentNodeId is { } nodeId)
        {
            // Nothing journaled at the current node yet: the definition the instance runs on names its activity.
            var definition = await definitions.FindAsync(instance.EnvironmentId, instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
            activityType = definition?.FindNode(nodeId)?.Type;
        }

        return FlowInstanceDetailResource.Of(instance, journal, activityType);
    }

    private static IResult MissingInstance(string env, string id) =>
        ManagementProblems.Missing($"Flow instance '{id}' in environment '{env}'");

    private static IResult AlreadyEnded(FlowInstance instance) =>
        ManagementProblems.InConflict($"The flow instance has ended ({FlowInstanceStatuses.Name(instance.Status)}); only a running or suspended one can be cancelled.");
}
