using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Users.RecoveryCodes;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users/{id}/recoveryCodes</c>: how many MFA recovery codes a user has left, and a new set
/// (ten codes, in the answer only; the old ones stop working). The rules are <see cref="UserRecoveryCodeService"/>'s.
/// </summary>
public static class UserRecoveryCodeEndpoints
{
    private const string RecoveryCodes = User + "/recoveryCodes";

    public static IEndpointRouteBuilder MapUserRecoveryCodes(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(RecoveryCodes, StatusAsync)
            .WithName("GetUserRecoveryCodes")
            .WithSummary("How many unused recovery codes the user has (never a code).")
            .Produces<RecoveryCodeStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(RecoveryCodes, RegenerateAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserRecoveryCodesIssued)
            .WithName("RegenerateUserRecoveryCodes")
            .WithSummary("Replace the user's recovery codes with ten new ones, shown in this answer only.")
            .Produces<IssuedRecoveryCodes>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> StatusAsync(string env, string id, UserRecoveryCodeService codes, CancellationToken cancellationToken)
    {
        var status = await codes.StatusAsync(env, id, cancellationToken);
        return status.Value is { } found ? Results.Ok(found) : ManagementProblems.Of(status.Error!);
    }

    private static async Task<IResult> RegenerateAsync(
        string env, string id, HttpContext http, UserRecoveryCodeService codes, CancellationToken cancellationToken)
    {
        var issued = await codes.RegenerateAsync(env, id, AuditActor.Of(http), cancellationToken);
        if (issued.Value is not { } answer)
        {
            return ManagementProblems.Of(issued.Error!);
        }

        // The codes are in this answer only: no cache may keep them.
        http.Response.Headers.CacheControl = "no-store";
        return Results.Created($"{ManagementRoutes.UserPath(env, id)}/recoveryCodes", answer);
    }
}
