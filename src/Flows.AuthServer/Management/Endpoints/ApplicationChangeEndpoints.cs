using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Admin;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Management.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>PATCH</c> and <c>DELETE /v1/environments/{env}/applications/{clientId}</c>, both honouring <c>If-Match</c>.
/// A change is checked with the importer's rules and effective at the next protocol request; the bootstrap admin
/// client cannot be deleted nor lose its management access.
/// </summary>
public static class ApplicationChangeEndpoints
{
    public static IEndpointRouteBuilder MapApplicationChanges(this IEndpointRouteBuilder v1)
    {
        v1.MapPatch(ApplicationEndpoints.Application, PatchAsync).RequireAuthorization(ManagementScopes.Write).Audited("application.updated")
            .WithName("UpdateApplication")
            .WithSummary("Changes an application's name, grant types, URIs, scopes or flow binding; its type cannot change.")
            .Produces<ApplicationResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapDelete(ApplicationEndpoints.Application, DeleteAsync).RequireAuthorization(ManagementScopes.Write).Audited("application.deleted")
            .WithName("DeleteApplication").WithSummary("Deletes an application with its tokens and authorizations.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> PatchAsync(
        string env,
        string clientId,
        HttpRequest request,
        EnvironmentCatalog catalog,
        EnvironmentFileValidator validator,
        PublishedFlows publishedFlows,
        IOptions<AdminOptions> admin,
        ApplicationEditor editor,
        ServerDbContext db,
        IOpenIddictApplicationManager manager,
        CancellationToken cancellationToken)
    {
        var (environment, application, missing) = await FindAsync(env, clientId, catalog, db, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var body = await ManagementJson.ReadAsync<ApplicationPatchRequest>(request);
        if (body.Value is not { } patch)
        {
            return body.Problem!;
        }

        var current = await ApplicationResource.OfAsync(manager, application!, cancellationToken);
        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(current)) is { } stale)
        {
            return stale;
        }

        var entry = patch.Apply(current.ToEntry());
        var flowVersion = patch.FlowVersionAfter(current.Flow, current.FlowVersion, entry.Flow);
        var problems = validator.ValidateApplication(env, entry, await publishedFlows.IdsAsync(env, cancellationToken)).ToList();
        if (patch.Type is { } type && type != current.Type)
        {
            problems.Add(new(ApplicationPatchRequest.TypeField, $"type cannot change; create a new {type} application instead"));
        }

        if (flowVersion is { } version && await FindVersionProblemAsync(env, entry.Flow, version, publishedFlows, cancellationToken) is { } problem)
        {
            problems.Add(problem);
        }

        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        if (IsBootstrapClient(env, clientId, admin.Value)
            && !(entry.GrantTypes.Contains(GrantTypes.ClientCredentials) && entry.Scopes.Contains(ManagementScopes.Write)))
        {
            return ManagementProblems.InConflict(
                $"'{clientId}' is the bootstrap admin client: it keeps {GrantTypes.ClientCredentials} and {ManagementScopes.Write}.");
        }

        try
        {
            await editor.UpdateAsync(environment!, application!, entry, flowVersion, cancellationToken);
        }
        catch (OpenIddictExceptions.ValidationException exception)
        {
            return ApplicationEndpoints.Refused(exception);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            return ManagementProblems.Stale();
        }

        return ManagementETags.Ok(request.HttpContext.Response, await ApplicationResource.OfAsync(manager, application!, cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(
        string env,
        string clientId,
        HttpRequest request,
        EnvironmentCatalog catalog,
        IOptions<AdminOptions> admin,
        ApplicationEditor editor,
        ServerDbContext db,
        IOpenIddictApplicationManager manager,
        CancellationToken cancellationToken)
    {
        var (environment, application, missing) = await FindAsync(env, clientId, catalog, db, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        if (IsBootstrapClient(env, clientId, admin.Value))
        {
            return ManagementProblems.InConflict($"'{clientId}' is the bootstrap admin client and cannot be deleted.");
        }

        var current = await ApplicationResource.OfAsync(manager, application!, cancellationToken);
        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(current)) is { } stale)
        {
            return stale;
        }

        try
        {
            await editor.DeleteAsync(environment!, application!, cancellationToken);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            return ManagementProblems.Stale();
        }

        return Results.NoContent();
    }

    /// <summary>The client scripts reach this API with: losing it, or its write scope, leaves no way back but a restart.</summary>
    private static bool IsBootstrapClient(string env, string clientId, AdminOptions admin) =>
        env == EnvironmentBootstrapper.AdminEnvironmentId && clientId == admin.EffectiveClientId;

    /// <summary>The environment and the application, tracked so that a concurrent change is detected; or the 404 to answer.</summary>
    internal static async Task<(EnvironmentRecord? Environment, FlowsApplication? Application, IResult? Missing)> FindAsync(
        string env, string clientId, EnvironmentCatalog catalog, ServerDbContext db, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is not { } environment)
        {
            return (null, null, ManagementProblems.Missing($"Environment '{env}'"));
        }

        var application = await db.Applications.FirstOrDefaultAsync(a => a.EnvironmentId == env && a.ClientId == clientId, cancellationToken);
        return application is null
            ? (environment, null, ManagementProblems.Missing($"Application '{clientId}' in environment '{env}'"))
            : (environment, application, null);
    }

    /// <summary>A pinned version must be published, of a flow the application is bound to.</summary>
    private static async Task<FieldProblem?> FindVersionProblemAsync(
        string env, string? flow, int version, PublishedFlows publishedFlows, CancellationToken cancellationToken)
    {
        const string field = ApplicationPatchRequest.FlowVersionField;
        if (flow is null)
        {
            return new(field, $"{field} pins a version of the application's flow; bind a flow too");
        }

        return await publishedFlows.HasVersionAsync(env, flow, version, cancellationToken)
            ? null
            : new(field, $"{field} {version} of flow '{flow}' is not published in this environment");
    }
}
