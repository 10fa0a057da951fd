using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Flows;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/flows/{flowId}/draft</c> and what is done with it: read, replace and discard the
/// draft (If-Match takes the draft's ETag), validate it or a posted definition, publish it as a new version.
/// </summary>
public static class FlowDraftEndpoints
{
    private const string Draft = FlowRoutes.Flow + "/draft";

    public static IEndpointRouteBuilder MapFlowDrafts(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Draft, GetAsync)
            .WithName("GetFlowDraft").WithSummary("The draft as a flow definition, with the ETag that PUT, DELETE and publish take as If-Match.")
            .Produces<FlowDefinition>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPut(Draft, SaveAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowDraftSaved)
            .WithName("SaveFlowDraft").WithSummary("Replaces the draft (or creates it); it may be incomplete, only publishing validates it.")
            .DocumentsBody<FlowDefinition>()
            .Produces<FlowDefinition>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapDelete(Draft, DeleteAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowDraftDeleted)
            .WithName("DeleteFlowDraft").WithSummary("Discards the draft; the published versions are unchanged.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        v1.MapPost(FlowRoutes.Flow + "/validate", ValidateAsync).NotAudited()
            .WithName("ValidateFlow").WithSummary("The validator's problems, per node, of the posted definition or, without a body, of the draft.")
            .DocumentsBody<FlowDefinition>(required: false)
            .Produces<FlowValidationResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapPost(FlowRoutes.Flow + "/publish", PublishAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.FlowPublished)
            .WithName("PublishFlow").WithSummary("Publishes the draft as the next immutable version, which becomes the default (or takes rolloutPercent of new sign-ins); the draft is cleared.")
            .DocumentsBody<FlowPublishRequest>(required: false)
            .Produces<FlowVersionResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> GetAsync(
        string env, string flowId, HttpResponse response, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var draft = await flows.GetDraftAsync(env, flowId, cancellationToken);
        return draft.Error is { } error ? FlowProblems.Of(error) : FlowDefinitionBody.Ok(response, draft.Value!.Definition, draft.Value.ETag);
    }

    private static async Task<IResult> SaveAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var body = await FlowDefinitionBody.ReadAsync(request);
        if (body.Value is not { } definition)
        {
            return body.Problem!;
        }

        var saved = await flows.SaveDraftAsync(env, flowId, definition, Precondition(request), AuditActor.Of(request.HttpContext), cancellationToken);
        return saved.Error is { } error
            ? FlowProblems.Of(error)
            : FlowDefinitionBody.Ok(request.HttpContext.Response, saved.Value!.Definition, saved.Value.ETag);
    }

    private static async Task<IResult> DeleteAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        var deleted = await flows.DeleteDraftAsync(env, flowId, Precondition(request), AuditActor.Of(request.HttpContext), cancellationToken);
        return deleted.Error is { } error ? FlowProblems.Of(error) : Results.NoContent();
    }

    private static async Task<IResult> ValidateAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        FlowDefinition? definition = null;
        if (FlowDefinitionBody.IsPresent(request))
        {
            var body = await FlowDefinitionBody.ReadAsync(request);
            if (body.Value is null)
            {
                return body.Problem!;
            }

            definition = body.Value;
        }

        return FlowProblems.OkOr(await flows.ValidateAsync(env, flowId, definition, cancellationToken));
    }

    private static async Task<IResult> PublishAsync(
        string env, string flowId, HttpRequest request, FlowDefinitionService flows, CancellationToken cancellationToken)
    {
        FlowPublishRequest? publish = null;
        if (FlowDefinitionBody.IsPresent(request))
        {
            var body = await ManagementJson.ReadAsync<FlowPublishRequest>(request);
            if (body.Value is null)
            {
                return body.Problem!;
            }

            publish = body.Value;
        }

        var published = await flows.PublishAsync(
            env, flowId, publish?.Note, Precondition(request), AuditActor.Of(request.HttpContext), cancellationToken, publish?.RolloutPercent);
        return published.Error is { } error
            ? FlowProblems.Of(error)
            : Results.Created(FlowVersionEndpoints.Location(env, flowId, published.Value!.Version), published.Value);
    }

    /// <summary>If-Match on these routes names the draft's ETag, as <c>GET …/draft</c> shows it.</summary>
    private static FlowPrecondition Precondition(HttpRequest request) => FlowPrecondition.Draft(request.Headers.IfMatch);
}
