using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>PATCH</c> and <c>DELETE /v1/environments/{env}/applications/{clientId}</c>, both honouring <c>If-Match</c>.
/// The rules are <see cref="ApplicationService"/>'s: a change is checked with the importer's rules and effective at
/// the next protocol request; the bootstrap admin client cannot be deleted nor lose its management access.
/// </summary>
public static class ApplicationChangeEndpoints
{
    public static IEndpointRouteBuilder MapApplicationChanges(this IEndpointRouteBuilder v1)
    {
        v1.MapPatch(ApplicationEndpoints.Application, PatchAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.ApplicationUpdated)
            .WithName("UpdateApplication")
            .WithSummary("Changes an application's name, grant types, URIs, scopes or flow binding; its type cannot change.")
            .Produces<ApplicationResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapDelete(ApplicationEndpoints.Application, DeleteAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.ApplicationDeleted)
            .WithName("DeleteApplication").WithSummary("Deletes an application with its tokens and authorizations.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> PatchAsync(
        string env, string clientId, HttpRequest request, ApplicationService applications, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<ApplicationPatchRequest>(request);
        if (body.Value is not { } patch)
        {
            return body.Problem!;
        }

        var changed = await applications.ChangeAsync(
            env, clientId, patch, request.Headers.IfMatch, AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } resource
            ? ManagementETags.Ok(request.HttpContext.Response, resource)
            : ManagementProblems.Of(changed.Error!);
    }

    private static async Task<IResult> DeleteAsync(
        string env, string clientId, HttpRequest request, ApplicationService applications, CancellationToken cancellationToken)
    {
        var deleted = await applications.DeleteAsync(env, clientId, request.Headers.IfMatch, AuditActor.Of(request.HttpContext), cancellationToken);
        return deleted.Succeeded ? Results.NoContent() : ManagementProblems.Of(deleted.Error!);
    }
}
