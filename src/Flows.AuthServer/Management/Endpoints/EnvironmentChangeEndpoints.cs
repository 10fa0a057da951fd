using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Provisioning;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>PATCH</c> and <c>DELETE /v1/environments/{env}</c>: rename an environment or change its default flow, or
/// delete it with everything in it. Both honour <c>If-Match</c>; the admin environment cannot be deleted. The rules
/// are <see cref="EnvironmentService"/>'s.
/// </summary>
public static class EnvironmentChangeEndpoints
{
    public static IEndpointRouteBuilder MapEnvironmentChanges(this IEndpointRouteBuilder v1)
    {
        v1.MapPatch(ManagementRoutes.Environment, PatchAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.EnvironmentUpdated)
            .WithName("UpdateEnvironment").WithSummary("Changes an environment's name or default flow (a flow published in it).")
            .Produces<EnvironmentResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapDelete(ManagementRoutes.Environment, DeleteAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.EnvironmentDeleted)
            .WithName("DeleteEnvironment")
            .WithSummary("Deletes an environment with its applications, tokens, users, sessions, keys and flows; its issuer stops answering.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> PatchAsync(string env, HttpRequest request, EnvironmentService environments, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<EnvironmentPatchRequest>(request);
        if (body.Value is not { } patch)
        {
            return body.Problem!;
        }

        var changed = await environments.ChangeAsync(
            env, patch, request.Headers.IfMatch, EnvironmentResource.OriginOf(request), AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } environment
            ? ManagementETags.Ok(request.HttpContext.Response, environment)
            : ManagementProblems.Of(changed.Error!);
    }

    private static async Task<IResult> DeleteAsync(string env, HttpRequest request, EnvironmentService environments, CancellationToken cancellationToken)
    {
        var deleted = await environments.DeleteAsync(
            env, request.Headers.IfMatch, EnvironmentResource.OriginOf(request), AuditActor.Of(request.HttpContext), cancellationToken);
        return deleted.Succeeded ? Results.NoContent() : ManagementProblems.Of(deleted.Error!);
    }
}
