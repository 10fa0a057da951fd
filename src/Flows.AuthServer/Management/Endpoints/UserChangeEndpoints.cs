using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Users;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// Changes to one user: edit its profile and state (PATCH, If-Match honoured), delete it with its sessions, set
/// its password, unlock it after too many wrong passwords or codes. The rules are <see cref="UserService"/>'s: disabling
/// or deleting a user, or setting its password, ends its sessions and revokes its tokens.
/// </summary>
public static class UserChangeEndpoints
{
    public static IEndpointRouteBuilder MapUserChanges(this IEndpointRouteBuilder v1)
    {
        v1.MapPatch(User, UpdateAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserUpdated)
            .WithName("UpdateUser")
            .WithSummary("Change email, name, enabled, mustChangePassword, groups or attributes; fields left out stay. Disabling ends the user's sessions and revokes its tokens.")
            .DocumentsJsonBody<UserChangeRequest>()
            .Produces<UserResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        v1.MapDelete(User, DeleteAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserDeleted)
            .WithName("DeleteUser")
            .WithSummary("Delete a user and its sign-on sessions.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        v1.MapPut(User + "/password", SetPasswordAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserPasswordSet)
            .WithName("SetUserPassword")
            .WithSummary("Set the user's password as an administrator, without the current one; ends the user's sessions and revokes its tokens.")
            .DocumentsJsonBody<NewPasswordRequest>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(User + "/unlock", UnlockAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserUnlocked)
            .WithName("UnlockUser")
            .WithSummary("End a lockout after too many wrong passwords or one-time codes and reset the counts of failures.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> UpdateAsync(string env, string id, HttpRequest request, UserService users, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<UserChangeRequest>(request);
        if (body.Value is not { } change)
        {
            return body.Problem!;
        }

        var changed = await users.ChangeAsync(env, id, change, request.Headers.IfMatch, AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } user ? ManagementETags.Ok(request.HttpContext.Response, user) : ManagementProblems.Of(changed.Error!);
    }

    private static async Task<IResult> DeleteAsync(string env, string id, HttpRequest request, UserService users, CancellationToken cancellationToken) =>
        NoContentOr(await users.DeleteAsync(env, id, request.Headers.IfMatch, AuditActor.Of(request.HttpContext), cancellationToken));

    private static async Task<IResult> SetPasswordAsync(string env, string id, HttpRequest request, UserService users, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<NewPasswordRequest>(request);
        return body.Value is { } requested
            ? NoContentOr(await users.SetPasswordAsync(env, id, requested.NewPassword, AuditActor.Of(request.HttpContext), cancellationToken))
            : body.Problem!;
    }

    private static async Task<IResult> UnlockAsync(string env, string id, HttpContext http, UserService users, CancellationToken cancellationToken) =>
        NoContentOr(await users.UnlockAsync(env, id, AuditActor.Of(http), cancellationToken));

    private static IResult NoContentOr(ServiceResult<bool> result) => result.Succeeded ? Results.NoContent() : ManagementProblems.Of(result.Error!);
}
