using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/users</c>: list users by username with filters, read one with its ETag, create one
/// through <see cref="UserService"/>, which holds the rules. Changes live in <see cref="UserChangeEndpoints"/>, authenticators in
/// <see cref="UserMfaEndpoints"/>.
/// </summary>
public static class UserEndpoints
{
    public const string Users = ManagementRoutes.Environment + ManagementRoutes.Users;
    public const string User = Users + "/{id}";

    /// <summary>The list's filters: a username prefix (or the exact username with <c>exact=true</c>) and the account state.</summary>
    private const string UsernameParameter = "username";
    private const string ExactParameter = "exact";
    private const string EnabledParameter = "enabled";

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Users, ListAsync)
            .WithName("ListUsers")
            .WithSummary("List the environment's users by username; filter with username (prefix, or exact=true) and enabled.")
            .Produces<ListPage<UserResource>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(User, GetAsync)
            .WithName("GetUser")
            .WithSummary("Read one user, with its ETag for If-Match.")
            .Produces<UserResource>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Users, CreateAsync)
            .RequireAuthorization(ManagementScopes.Write)
            .AuditedByService(AuditActions.UserCreated)
            .WithName("CreateUser")
            .WithSummary("Create a user; without a password it cannot sign in with one until one is set.")
            .DocumentsJsonBody<NewUserRequest>()
            .Produces<UserResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapUserChanges();
        v1.MapUserMfaDevices();
        v1.MapUserPasskeys();
        v1.MapUserRecoveryCodes();
        v1.MapUserRememberedDevices();
        v1.MapUserConsents();
        return v1;
    }

    private static async Task<IResult> ListAsync(
        string env, HttpRequest request, EnvironmentCatalog catalog, ServerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return MissingEnvironment(env);
        }

        var problems = new List<FieldProblem>();
        var page = PageRequest.From(request.Query, problems);
        var after = page.AfterKey(problems);
        var exact = ReadBoolean(request.Query, ExactParameter, problems);
        var enabled = ReadBoolean(request.Query, EnabledParameter, problems);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        // Normalized usernames are unique in an environment: ordered by them, the list is stable and the cursor a key.
        var users = db.Users.AsNoTracking().Where(u => u.EnvironmentId == env);
        if (request.Query[UsernameParameter].ToString() is { Length: > 0 } username)
        {
            var normalized = Usernames.Normalize(username);
            users = exact == true
                ? users.Where(u => u.NormalizedUsername == normalized)
                : users.Where(u => u.NormalizedUsername.StartsWith(normalized));
        }

        if (enabled is { } state)
        {
            users = users.Where(u => u.Enabled == state);
        }

        if (after is not null)
        {
            users = users.Where(u => string.Compare(u.NormalizedUsername, after) > 0);
        }

        var rows = await users.OrderBy(u => u.NormalizedUsername).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var items = rows.Take(page.PageSize).Select(u => UserResource.Of(u, now)).ToList();
        return Results.Ok(new ListPage<UserResource>(items, page.NextAfter(rows, u => u.NormalizedUsername)));
    }

    private static async Task<IResult> GetAsync(string env, string id, HttpResponse response, UserService users, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(env, id, cancellationToken);
        return user.Value is { } found ? ManagementETags.Ok(response, found) : ManagementProblems.Of(user.Error!);
    }

    private static async Task<IResult> CreateAsync(string env, HttpRequest request, UserService users, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<NewUserRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var created = await users.CreateAsync(env, requested, AuditActor.Of(request.HttpContext), cancellationToken);
        return created.Value is { } user
            ? ManagementETags.Created(request.HttpContext.Response, ManagementRoutes.UserPath(env, user.Id), user)
            : ManagementProblems.Of(created.Error!);
    }

    private static IResult MissingEnvironment(string env) => ManagementProblems.Missing($"Environment '{env}'");

    /// <summary><c>true</c> or <c>false</c>, null when absent; anything else is a field problem.</summary>
    private static bool? ReadBoolean(IQueryCollection query, string parameter, List<FieldProblem> problems)
    {
        if (!query.TryGetValue(parameter, out var text))
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add(new(parameter, $"{parameter} must be true or false"));
        return null;
    }
}
