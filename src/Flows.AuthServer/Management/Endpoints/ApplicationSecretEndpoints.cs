using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Management.Resources;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>POST /v1/environments/{env}/applications/{clientId}/secret</c>: gives a confidential client a new generated
/// secret, shown in this answer only; the old one stops working at once.
/// </summary>
public static class ApplicationSecretEndpoints
{
    public static IEndpointRouteBuilder MapApplicationSecret(this IEndpointRouteBuilder v1)
    {
        v1.MapPost(ApplicationEndpoints.Application + "/secret", RotateAsync).RequireAuthorization(ManagementScopes.Write)
            .Audited("application.secretRotated")
            .WithName("RotateApplicationSecret")
            .WithSummary("Replaces a confidential client's secret with a generated one, shown once; the old secret stops working at once.")
            .Produces<ApplicationSecretResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> RotateAsync(
        string env,
        string clientId,
        HttpRequest request,
        EnvironmentCatalog catalog,
        ApplicationEditor editor,
        ServerDbContext db,
        IOpenIddictApplicationManager manager,
        CancellationToken cancellationToken)
    {
        var (environment, application, missing) = await ApplicationChangeEndpoints.FindAsync(env, clientId, catalog, db, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var current = await ApplicationResource.OfAsync(manager, application!, cancellationToken);
        if (current.Type != ClientTypes.Confidential)
        {
            return ManagementProblems.InConflict($"'{clientId}' is a {current.Type} client: it has no secret to rotate.");
        }

        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(current)) is { } stale)
        {
            return stale;
        }

        string secret;
        try
        {
            secret = await editor.RotateSecretAsync(environment!, application!, cancellationToken);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            return ManagementProblems.Stale();
        }

        // Never cached: the secret is in this answer and nowhere else.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Ok(new ApplicationSecretResource(clientId, secret));
    }
}
