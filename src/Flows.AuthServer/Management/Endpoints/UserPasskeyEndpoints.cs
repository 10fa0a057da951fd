using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Users.Passkeys;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users/{id}/passkeys</c>: the passkeys a user registered in sign-in flows, listed (never
/// a key) or removed one by one, e.g. with a lost device. The rules are <see cref="UserPasskeyService"/>'s.
/// </summary>
public static class UserPasskeyEndpoints
{
    private const string Passkeys = User + "/passkeys";
    private const string Passkey = Passkeys + "/{passkeyId}";

    public static IEndpointRouteBuilder MapUserPasskeys(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Passkeys, ListAsync)
            .WithName("ListUserPasskeys")
            .WithSummary("List the user's passkeys (never a key).")
            .Produces<ListPage<UserPasskeyResource>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapDelete(Passkey, DeleteAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserPasskeyDeleted)
            .WithName("DeleteUserPasskey")
            .WithSummary("Remove one of the user's passkeys, e.g. of a lost device; it signs in no more.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, string id, UserPasskeyService passkeys, CancellationToken cancellationToken)
    {
        var listed = await passkeys.ListAsync(env, id, cancellationToken);
        return listed.Value is { } found ? Results.Ok(new ListPage<UserPasskeyResource>(found, Next: null)) : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> DeleteAsync(
        string env, string id, string passkeyId, HttpContext http, UserPasskeyService passkeys, CancellationToken cancellationToken)
    {
        var removed = await passkeys.RemoveAsync(env, id, passkeyId, AuditActor.Of(http), cancellationToken);
        return removed.Succeeded ? Results.NoContent() : ManagementProblems.Of(removed.Error!);
    }
}
