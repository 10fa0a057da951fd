using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Flows;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flows</c>: list the flows of an environment, read one, create one from a
/// definition, import a definition (creating the flow or replacing its draft), clone and delete a flow. Drafts,
/// versions and the activity catalog are mapped here too, from their own classes.
/// </summary>
public static class FlowDefinitionEndpoints
{
    public static IEndpointRouteBuilder MapFlowDefinitions(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(FlowRoutes.Collection, ListAsync)
            .WithName("ListFlows").WithSummary("The flows of an environment, by id, with their versions, draft and applications.")
            .Produces<ListPage<FlowSummaryResource>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(FlowRoutes.Flow, GetAsync)
            .WithName("GetFlow").WithSummary("One flow; its ETag is what DELETE and PUT …/default take as If-Match.")
            .Produces<FlowSummaryResource>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(FlowRoutes.Collection, CreateAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowCreated)
            .WithName("CreateFlow").WithSummary("Creates a flow whose draft is the posted definition; its id must be new to the environment.")
            .DocumentsBody<FlowDefinition>()
            .Produces<FlowSummaryResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapPost(FlowRoutes.Collection + "/import", ImportAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowImported)
            .WithName("ImportFlow").WithSummary("Makes the posted definition the draft of the flow its id names, creating the flow (201) or replacing its draft (200).")
            .DocumentsBody<FlowDefinition>()
            .Produces<FlowSummaryResource>().Produces<FlowSummaryResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapPost(FlowRoutes.Flow + "/clone", CloneAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowCloned)
            .WithName("CloneFlow").WithSummary("Creates a flow under a new id whose draft copies this flow's draft, default version, or the version asked for.")
            .DocumentsBody<FlowCloneRequest>()
            .Produces<FlowSummaryResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapDelete(FlowRoutes.Flow, DeleteAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowDeleted)
            .WithName("DeleteFlow").WithSummary("Hides a flow that no application uses and that is not the environment's default; running sign-ins finish.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        v1.MapFlowDrafts();
        v1.MapFlowVersions();
        v1.MapFlowRollout();
        v1.MapFlowActivities();
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var page = PageRequest.From(request.Query, problems);
        return problems.Count > 0 ? ManagementProblems.Invalid(problems) : FlowProblems.OkOr(await flows.ListAsync(env, page, cancellationToken));
    }

    private static async Task<IResult> GetAsync(
        string env, string flowId, HttpResponse response, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var flow = await flows.GetAsync(env, flowId, cancellationToken);
        return flow.Error is { } error ? FlowProblems.Of(error) : ManagementETags.Ok(response, flow.Value!);
    }

    private static async Task<IResult> CreateAsync(
        string env, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var body = await FlowDefinitionBody.ReadAsync(request);
        if (body.Value is not { } definition)
        {
            return body.Problem!;
        }

        var created = await flows.CreateAsync(env, definition, AuditActor.Of(request.HttpContext), cancellationToken);
        return created.Error is { } error
            ? FlowProblems.Of(error)
            : ManagementETags.Created(request.HttpContext.Response, FlowRoutes.FlowPath(env, created.Value!.Id), created.Value);
    }

    private static async Task<IResult> ImportAsync(
        string env, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var body = await FlowDefinitionBody.ReadAsync(request);
        if (body.Value is not { } definition)
        {
            return body.Problem!;
        }

        var imported = await flows.ImportAsync(env, definition, AuditActor.Of(request.HttpContext), cancellationToken);
        if (imported.Error is { } error)
        {
            return FlowProblems.Of(error);
        }

        var flow = imported.Value!.Flow;
        return imported.Value.Created
            ? ManagementETags.Created(request.HttpContext.Response, FlowRoutes.FlowPath(env, flow.Id), flow)
            : ManagementETags.Ok(request.HttpContext.Response, flow);
    }

    private static async Task<IResult> CloneAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<FlowCloneRequest>(request);
        if (body.Value is not { } clone)
        {
            return body.Problem!;
        }

        var created = await flows.CloneAsync(env, flowId, clone, AuditActor.Of(request.HttpContext), cancellationToken);
        return created.Error is { } error
            ? FlowProblems.Of(error)
            : ManagementETags.Created(request.HttpContext.Response, FlowRoutes.FlowPath(env, created.Value!.Id), created.Value);
    }

    private static async Task<IResult> DeleteAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var deleted = await flows.DeleteAsync(
            env, flowId, FlowPrecondition.Flow(request.Headers.IfMatch), AuditActor.Of(request.HttpContext), cancellationToken);
        return deleted.Error is { } error ? FlowProblems.Of(error) : Results.NoContent();
    }
}
