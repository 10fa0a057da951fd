using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Consents;
using Flows.AuthServer.Management.Audit;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users/{id}/consents</c>: the third-party applications a user allowed, with the scopes and
/// when. Revoking one ends the application's tokens for the user, refresh tokens included, and its next sign-in asks
/// again. The rules are <see cref="ConsentService"/>'s.
/// </summary>
public static class UserConsentEndpoints
{
    private const string Consents = User + "/consents";
    private const string Consent = Consents + "/{clientId}";

    public static IEndpointRouteBuilder MapUserConsents(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Consents, ListAsync)
            .WithName("ListUserConsents")
            .WithSummary("List the applications the user consented to: client id, name, scopes allowed and when.")
            .Produces<ListPage<ConsentResource>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapDelete(Consent, RevokeAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserConsentRevoked)
            .WithName("RevokeUserConsent")
            .WithSummary("Revoke the user's consent to an application, with every token the application holds for the user.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, string id, ConsentService consents, CancellationToken cancellationToken)
    {
        var listed = await consents.ListAsync(env, id, cancellationToken);
        return listed.Value is { } found ? Results.Ok(new ListPage<ConsentResource>(found, Next: null)) : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> RevokeAsync(
        string env, string id, string clientId, HttpContext http, ConsentService consents, CancellationToken cancellationToken)
    {
        var revoked = await consents.RevokeAsync(env, id, clientId, AuditActor.Of(http), cancellationToken);
        return revoked.Succeeded ? Results.NoContent() : ManagementProblems.Of(revoked.Error!);
    }
}
