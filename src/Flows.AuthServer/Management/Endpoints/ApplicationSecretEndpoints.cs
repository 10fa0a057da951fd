using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;

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
            .AuditedByService(AuditActions.ApplicationSecretRotated)
            .WithName("RotateApplicationSecret")
            .WithSummary("Replaces a confidential client's secret with a generated one, shown once; the old secret stops working at once.")
            .Produces<ApplicationSecretResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return v1;
    }

    private static async Task<IResult> RotateAsync(
        string env, string clientId, HttpRequest request, ApplicationService applications, CancellationToken cancellationToken)
    {
        var rotated = await applications.RotateSecretAsync(env, clientId, request.Headers.IfMatch, AuditActor.Of(request.HttpContext), cancellationToken);
        if (rotated.Value is not { } secret)
        {
            return ManagementProblems.Of(rotated.Error!);
        }

        // Never cached: the secret is in this answer and nowhere else.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Ok(secret);
    }
}
