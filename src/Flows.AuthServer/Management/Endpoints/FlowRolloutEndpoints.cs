using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Flows;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flows/{flowId}/rollout</c>: a published version taking a share of new sign-ins from the
/// default (PUT starts or changes it, DELETE stops it) and <c>…/rollout/promote</c>, which makes it the default.
/// </summary>
public static class FlowRolloutEndpoints
{
    private const string Rollout = FlowRoutes.Flow + "/rollout";

    public static IEndpointRouteBuilder MapFlowRollout(this IEndpointRouteBuilder v1)
    {
        v1.MapPut(Rollout, StartAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowRolloutSet)
            .WithName("SetFlowRollout").WithSummary("Makes a published version take a share (1–99 %) of new sign-ins; the rest run the default.")
            .DocumentsBody<FlowRolloutRequest>()
            .Produces<FlowSummaryResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        v1.MapDelete(Rollout, StopAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowRolloutStopped)
            .WithName("StopFlowRollout").WithSummary("Every new sign-in runs the default version again; running sign-ins keep theirs.")
            .Produces<FlowSummaryResource>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        v1.MapPost(Rollout + "/promote", PromoteAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowRolloutPromoted)
            .WithName("PromoteFlowRollout").WithSummary("Makes the version being rolled out the default for every new sign-in.")
            .Produces<FlowSummaryResource>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> StartAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<FlowRolloutRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        return Answer(request, await flows.StartRolloutAsync(
            env, flowId, requested.Version, requested.Percent, Precondition(request), AuditActor.Of(request.HttpContext), cancellationToken));
    }

    private static async Task<IResult> StopAsync(string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken) =>
        Answer(request, await flows.StopRolloutAsync(env, flowId, Precondition(request), AuditActor.Of(request.HttpContext), cancellationToken));

    private static async Task<IResult> PromoteAsync(string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken) =>
        Answer(request, await flows.PromoteRolloutAsync(env, flowId, Precondition(request), AuditActor.Of(request.HttpContext), cancellationToken));

    private static IResult Answer(HttpRequest request, FlowServiceResult<FlowSummaryResource> flow) =>
        flow.Error is { } error ? FlowProblems.Of(error) : ManagementETags.Ok(request.HttpContext.Response, flow.Value!);

    /// <summary>If-Match on these routes names the flow's ETag, as <c>GET …/flows/{flowId}</c> shows it.</summary>
    private static FlowPrecondition Precondition(HttpRequest request) => FlowPrecondition.Flow(request.Headers.IfMatch);
}
