using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Resources;
using Flows.AuthServer.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>PATCH</c> and <c>DELETE /v1/environments/{env}</c>: rename an environment or change its default flow, or
/// delete it with everything in it. Both honour <c>If-Match</c>; the admin environment cannot be deleted.
/// </summary>
public static class EnvironmentChangeEndpoints
{
    public static IEndpointRouteBuilder MapEnvironmentChanges(this IEndpointRouteBuilder v1)
    {
        v1.MapPatch(ManagementRoutes.Environment, PatchAsync).RequireAuthorization(ManagementScopes.Write).Audited("environment.updated")
            .WithName("UpdateEnvironment").WithSummary("Changes an environment's name or default flow (a flow published in it).")
            .Produces<EnvironmentResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapDelete(ManagementRoutes.Environment, DeleteAsync).RequireAuthorization(ManagementScopes.Write).Audited("environment.deleted")
            .WithName("DeleteEnvironment")
            .WithSummary("Deletes an environment with its applications, tokens, users, sessions, keys and flows; its issuer stops answering.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> PatchAsync(
        string env,
        HttpRequest request,
        EnvironmentFileValidator validator,
        PublishedFlows publishedFlows,
        EnvironmentCatalog catalog,
        ServerDbContext db,
        CancellationToken cancellationToken)
    {
        if (await db.Environments.FirstOrDefaultAsync(e => e.Id == env, cancellationToken) is not { } environment)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var body = await ManagementJson.ReadAsync<EnvironmentPatchRequest>(request);
        if (body.Value is not { } patch)
        {
            return body.Problem!;
        }

        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(EnvironmentResource.Of(environment, request))) is { } stale)
        {
            return stale;
        }

        var changed = patch.Apply(environment);
        var problems = validator.ValidateEnvironment(changed, await publishedFlows.IdsAsync(env, cancellationToken));
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        environment.Name = changed.Name;
        environment.DefaultFlowId = changed.DefaultFlow;
        await db.SaveChangesAsync(cancellationToken);

        // Every request finds environments through the catalog: the next one must see the change.
        catalog.Forget(env);
        return ManagementETags.Ok(request.HttpContext.Response, EnvironmentResource.Of(environment, request));
    }

    private static async Task<IResult> DeleteAsync(
        string env, HttpRequest request, EnvironmentRemover remover, ServerDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == env, cancellationToken) is not { } environment)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        // The management API and the designer sign in through it: deleting it would lock every administrator out.
        if (env == AdminEnvironment.Id)
        {
            return ManagementProblems.InConflict($"The '{env}' environment holds the administrators and cannot be deleted.");
        }

        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(EnvironmentResource.Of(environment, request))) is { } stale)
        {
            return stale;
        }

        return await remover.DeleteAsync(env, cancellationToken)
            ? Results.NoContent()
            : ManagementProblems.Missing($"Environment '{env}'");
    }
}
