using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Flows;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flows/{flowId}/versions</c>: the published versions, newest first; one version's
/// definition (export, importable unchanged); and <c>…/default</c>, the version new sign-ins start on (rollback).
/// </summary>
public static class FlowVersionEndpoints
{
    private const string Versions = FlowRoutes.Flow + "/versions";

    public static string Location(string env, string flowId, int version) =>
        $"{FlowRoutes.FlowPath(env, flowId)}/versions/{version}";

    public static IEndpointRouteBuilder MapFlowVersions(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Versions, ListAsync)
            .WithName("ListFlowVersions").WithSummary("The published versions of a flow, newest first, and which one is the default.")
            .Produces<ListPage<FlowVersionResource>>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(Versions + "/{version:int}", GetAsync)
            .WithName("ExportFlowVersion").WithSummary("A published version's definition, as import and PUT …/draft read it.")
            .Produces<FlowDefinition>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPut(FlowRoutes.Flow + "/default", SetDefaultAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowDefaultVersionSet)
            .WithName("SetFlowDefaultVersion").WithSummary("Rolls new sign-ins back (or forward) to a published version; running sign-ins keep theirs.")
            .DocumentsBody<FlowDefaultVersionRequest>()
            .Produces<FlowSummaryResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, string flowId, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var versions = await flows.ListVersionsAsync(env, flowId, cancellationToken);
        return versions.Error is { } error ? FlowProblems.Of(error) : Results.Ok(new ListPage<FlowVersionResource>(versions.Value!, Next: null));
    }

    private static async Task<IResult> GetAsync(
        string env, string flowId, int version, HttpResponse response, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var definition = await flows.GetVersionAsync(env, flowId, version, cancellationToken);
        return definition.Error is { } error ? FlowProblems.Of(error) : FlowDefinitionBody.Ok(response, definition.Value!);
    }

    private static async Task<IResult> SetDefaultAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<FlowDefaultVersionRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var flow = await flows.SetDefaultVersionAsync(
            env, flowId, requested.Version, FlowPrecondition.Flow(request.Headers.IfMatch), AuditActor.Of(request.HttpContext), cancellationToken);
        return flow.Error is { } error ? FlowProblems.Of(error) : ManagementETags.Ok(request.HttpContext.Response, flow.Value!);
    }
}
