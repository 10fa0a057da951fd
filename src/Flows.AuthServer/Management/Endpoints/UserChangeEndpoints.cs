using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Management.Resources;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// Changes to one user: edit its profile and state (PATCH, If-Match honoured), delete it with its sessions, set
/// its password, unlock it after too many wrong passwords or codes. Disabling or deleting a user, or setting its password,
/// ends its sessions and revokes its tokens (<see cref="UserSignOut"/>), so nobody stays signed in as an account an
/// administrator turned off or took back.
/// </summary>
public static class UserChangeEndpoints
{
    public static IEndpointRouteBuilder MapUserChanges(this IEndpointRouteBuilder v1)
    {
        v1.MapPatch(User, UpdateAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .Audited("user.updated")
            .WithName("UpdateUser")
            .WithSummary("Change email, name, enabled, mustChangePassword, groups or attributes; fields left out stay. Disabling ends the user's sessions and revokes its tokens.")
            .DocumentsJsonBody<UserChangeRequest>()
            .Produces<UserResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        v1.MapDelete(User, DeleteAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .Audited("user.deleted")
            .WithName("DeleteUser")
            .WithSummary("Delete a user and its sign-on sessions.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        v1.MapPut(User + "/password", SetPasswordAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .Audited("user.password.set")
            .WithName("SetUserPassword")
            .WithSummary("Set the user's password as an administrator, without the current one; ends the user's sessions and revokes its tokens.")
            .DocumentsJsonBody<NewPasswordRequest>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(User + "/unlock", UnlockAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .Audited("user.unlocked")
            .WithName("UnlockUser")
            .WithSummary("End a lockout after too many wrong passwords or one-time codes and reset the counts of failures.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> UpdateAsync(
        string env,
        string id,
        HttpRequest request,
        EnvironmentCatalog catalog,
        EnvironmentFileValidator validator,
        ServerDbContext db,
        UserSignOut signOut,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id && u.EnvironmentId == env, cancellationToken);
        if (user is null)
        {
            return MissingUser(env, id);
        }

        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(UserResource.Of(user, clock.GetUtcNow()))) is { } stale)
        {
            return stale;
        }

        var body = await ManagementJson.ReadAsync<UserChangeRequest>(request);
        if (body.Value is not { } change)
        {
            return body.Problem!;
        }

        var entry = change.ToEntry(user);
        var problems = validator.ValidateUser(entry).Concat(UserValues.Validate(entry.Groups, entry.Attributes)).ToList();
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        var wasEnabled = user.Enabled;
        change.ApplyTo(user);

        // Lists and maps compare by content, so an unchanged user keeps its UpdatedAt and its ETag.
        if (db.ChangeTracker.HasChanges())
        {
            user.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        if (wasEnabled && !user.Enabled)
        {
            await signOut.EndEverywhereAsync(env, id);
        }

        // Read back, so the answer and its ETag are what a later GET shows (the database rounds timestamps).
        var stored = await FindAsync(db, env, id, cancellationToken);
        return stored is null ? MissingUser(env, id) : ManagementETags.Ok(request.HttpContext.Response, UserResource.Of(stored, clock.GetUtcNow()));
    }

    private static async Task<IResult> DeleteAsync(
        string env, string id, HttpRequest request, EnvironmentCatalog catalog, ServerDbContext db, UserSignOut signOut, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        if (await FindAsync(db, env, id, cancellationToken) is not { } user)
        {
            return MissingUser(env, id);
        }

        if (ManagementETags.CheckIfMatch(request, ManagementETags.Of(UserResource.Of(user, clock.GetUtcNow()))) is { } stale)
        {
            return stale;
        }

        // The user first: should removing its sessions fail, none of them can sign anyone in without the user.
        var deleted = await db.Users.Where(u => u.Id == id && u.EnvironmentId == env).ExecuteDeleteAsync(cancellationToken);
        await signOut.EndEverywhereAsync(env, id);
        await db.Sessions.Where(s => s.EnvironmentId == env && s.UserId == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 1 ? Results.NoContent() : MissingUser(env, id);
    }

    private static async Task<IResult> SetPasswordAsync(
        string env,
        string id,
        HttpRequest request,
        EnvironmentCatalog catalog,
        ServerDbContext db,
        PasswordPolicy policy,
        UserService users,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        if (await FindAsync(db, env, id, cancellationToken) is not { } user)
        {
            return MissingUser(env, id);
        }

        var body = await ManagementJson.ReadAsync<NewPasswordRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        if (requested.NewPassword is not { } password)
        {
            return ManagementProblems.Invalid(NewPasswordRequest.Field, $"{NewPasswordRequest.Field} is required");
        }

        if (policy.FindProblem(user.Username, password) is { } problem)
        {
            return ManagementProblems.Invalid(NewPasswordRequest.Field, $"{NewPasswordRequest.Field} {problem}");
        }

        return await users.SetPasswordAsync(env, id, password, cancellationToken) ? Results.NoContent() : MissingUser(env, id);
    }

    private static async Task<IResult> UnlockAsync(
        string env, string id, EnvironmentCatalog catalog, ServerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        // One statement, as the lockout counts: a wrong password sent meanwhile is either before or after it.
        var now = clock.GetUtcNow();
        var unlocked = await db.Users
            .Where(u => u.Id == id && u.EnvironmentId == env)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
                .SetProperty(u => u.OtpFailedCount, 0)
                .SetProperty(u => u.OtpLockoutEnd, (DateTimeOffset?)null)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken);
        return unlocked == 1 ? Results.NoContent() : MissingUser(env, id);
    }
}
