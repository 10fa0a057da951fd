using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.UserSchemas;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/userSchema</c>: the attributes the environment's users have (name, type, required,
/// format, display name), which user writes, the profile step and <c>CheckUser</c> go by. The rules are
/// <see cref="UserSchemaService"/>'s.
/// </summary>
public static class UserSchemaEndpoints
{
    private const string UserSchema = ManagementRoutes.Environment + "/userSchema";

    public static IEndpointRouteBuilder MapUserSchema(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(UserSchema, GetAsync)
            .WithName("GetUserSchema").WithSummary("The attributes the environment's users have.")
            .Produces<UserSchemaResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPut(UserSchema, PutAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.UserSchemaUpdated)
            .WithName("SetUserSchema")
            .WithSummary("Replaces the user schema: attributes with name, type (string, email, phone, date, boolean, number), required, format (a regular expression) and displayName.")
            .Produces<UserSchemaResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return v1;
    }

    private static async Task<IResult> GetAsync(string env, UserSchemaService schemas, CancellationToken cancellationToken)
    {
        var found = await schemas.GetAsync(env, cancellationToken);
        return found.Value is { } schema ? Results.Ok(schema) : ManagementProblems.Of(found.Error!);
    }

    private static async Task<IResult> PutAsync(string env, HttpRequest request, UserSchemaService schemas, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<UserSchemaResource>(request);
        if (body.Value is not { } schema)
        {
            return body.Problem!;
        }

        var changed = await schemas.ReplaceAsync(env, schema, AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } stored ? Results.Ok(stored) : ManagementProblems.Of(changed.Error!);
    }
}
