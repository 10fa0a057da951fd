using System.Text.Json;
using System.Text.Json.Serialization;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Resources;
using Flows.AuthServer.Provisioning;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>GET /v1/environments/{env}/export</c> writes an environment as an environment file, without any secret;
/// <c>POST /v1/environments/import</c> creates an environment from such a file with the start-up importer,
/// and answers with the secrets it generated, this once.
/// </summary>
public static class EnvironmentTransferEndpoints
{
    public const string Export = "/export";
    public const string Import = ManagementRoutes.Environments + "/import";

    /// <summary>A file holds a whole environment, users included: far more than any other request.</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    /// <summary>An exported file leaves out what it does not have (secrets above all) rather than writing nulls.</summary>
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static IEndpointRouteBuilder MapEnvironmentTransfer(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(ManagementRoutes.Environment + Export, ExportAsync)
            .WithName("ExportEnvironment")
            .WithSummary("The environment as an import file: applications, users and flow bindings, never a secret.")
            .Produces<EnvironmentFile>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Import, ImportAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.EnvironmentImported)
            .WithName("ImportEnvironment")
            .WithSummary("Creates an environment from an import file; generated secrets and passwords are in this answer only.")
            .Produces<EnvironmentImportResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return v1;
    }

    private static async Task<IResult> ExportAsync(string env, EnvironmentService environments, CancellationToken cancellationToken)
    {
        var exported = await environments.ExportAsync(env, cancellationToken);
        return exported.Value is { } file ? Results.Json(file, FileOptions) : ManagementProblems.Of(exported.Error!);
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, EnvironmentService environments, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<EnvironmentFile>(request, MaxFileBytes);
        if (body.Value is not { } file)
        {
            return body.Problem!;
        }

        var imported = await environments.ImportAsync(file, AuditActor.Of(request.HttpContext), cancellationToken);
        if (imported.Value is not { } created)
        {
            return ManagementProblems.Of(imported.Error!);
        }

        // Generated secrets are in this answer and nowhere else: no cache may keep it.
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Created(ManagementRoutes.EnvironmentPath(created.Environment.Id),
            EnvironmentImportResource.Of(EnvironmentResource.Of(created.Environment, request), created.Import));
    }
}
