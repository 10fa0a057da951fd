using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Resources;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users</c>: create a user with the importer's validation, read one, set a password.
/// </summary>
public static class UserEndpoints
{
    private const string Users = ManagementRoutes.Environment + ManagementRoutes.Users;
    private const string User = Users + "/{id}";

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(User, GetAsync);
        v1.MapPost(Users, CreateAsync).RequireAuthorization(ManagementScopes.Write);
        v1.MapPut(User + "/password", SetPasswordAsync).RequireAuthorization(ManagementScopes.Write);
        return v1;
    }

    private static async Task<IResult> GetAsync(
        string env, string id, EnvironmentCatalog catalog, ServerDbContext db, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        return await FindAsync(db, env, id, cancellationToken) is { } user
            ? Results.Ok(UserResource.Of(user))
            : ManagementProblems.Missing($"User '{id}' in environment '{env}'");
    }

    private static async Task<IResult> CreateAsync(
        string env,
        HttpRequest request,
        EnvironmentCatalog catalog,
        EnvironmentFileValidator validator,
        UserService users,
        ServerDbContext db,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var body = await ManagementJson.ReadAsync<NewUserRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var entry = requested.ToEntry();
        var problems = validator.ValidateUser(entry);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        try
        {
            var user = await users.CreateAsync(env, new NewUser(entry.Username)
            {
                Password = entry.Password,
                Email = entry.Email,
                Name = entry.Name,
            }, cancellationToken);

            // Read back, so the answer shows what a later GET shows (the database rounds timestamps).
            var stored = await FindAsync(db, env, user.Id, cancellationToken);
            return Results.Created(UserResource.Location(env, user.Id), UserResource.Of(stored!));
        }
        catch (DuplicateUsernameException)
        {
            return ManagementProblems.Duplicate($"User '{entry.Username}' in environment '{env}'");
        }
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
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        if (await FindAsync(db, env, id, cancellationToken) is not { } user)
        {
            return ManagementProblems.Missing($"User '{id}' in environment '{env}'");
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

        return await users.SetPasswordAsync(env, id, password, cancellationToken)
            ? Results.NoContent()
            : ManagementProblems.Missing($"User '{id}' in environment '{env}'");
    }

    private static Task<UserRecord?> FindAsync(ServerDbContext db, string env, string id, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.EnvironmentId == env, cancellationToken);
}
