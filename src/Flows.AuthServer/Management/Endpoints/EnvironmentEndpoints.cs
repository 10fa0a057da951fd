using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Resources;
using Flows.AuthServer.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments</c>: create an environment as an import does (keys, the shipped flows, a default flow),
/// list them, read one. Changes, deletion and export/import live beside, in
/// <see cref="EnvironmentChangeEndpoints"/> and <see cref="EnvironmentTransferEndpoints"/>.
/// </summary>
public static class EnvironmentEndpoints
{
    public static IEndpointRouteBuilder MapEnvironments(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(ManagementRoutes.Environments, ListAsync)
            .WithName("ListEnvironments").WithSummary("Lists the environments in id order, a page at a time.")
            .Produces<ListPage<EnvironmentResource>>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        v1.MapGet(ManagementRoutes.Environment, GetAsync)
            .WithName("GetEnvironment").WithSummary("Reads one environment; its ETag is what a change sends back in If-Match.")
            .Produces<EnvironmentResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(ManagementRoutes.Environments, CreateAsync).RequireAuthorization(ManagementScopes.Write).Audited("environment.created")
            .WithName("CreateEnvironment").WithSummary("Creates an empty environment with its keys and the shipped flows.")
            .Produces<EnvironmentResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapEnvironmentChanges();
        v1.MapEnvironmentTransfer();
        return v1;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ServerDbContext db, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var page = PageRequest.From(request.Query, problems);
        var after = page.AfterKey(problems);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        var environments = db.Environments.AsNoTracking();
        if (after is not null)
        {
            environments = environments.Where(e => string.Compare(e.Id, after) > 0);
        }

        var rows = await environments.OrderBy(e => e.Id).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        var items = rows.Take(page.PageSize).Select(e => EnvironmentResource.Of(e, request)).ToList();
        return Results.Ok(new ListPage<EnvironmentResource>(items, page.NextAfter(rows, e => e.Id)));
    }

    private static async Task<IResult> GetAsync(string env, HttpRequest request, EnvironmentCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.FindAsync(env, cancellationToken) is { } environment
            ? ManagementETags.Ok(request.HttpContext.Response, EnvironmentResource.Of(environment, request))
            : ManagementProblems.Missing($"Environment '{env}'");

    private static async Task<IResult> CreateAsync(
        HttpRequest request,
        EnvironmentFileValidator validator,
        ShippedFlows shippedFlows,
        EnvironmentImporter importer,
        ServerDbContext db,
        CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<NewEnvironmentRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var file = requested.ToFile();
        var problems = validator.ValidateEnvironment(file, shippedFlows.Ids);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        if (await ExistsAsync(db, file.Id, cancellationToken))
        {
            return ManagementProblems.Duplicate($"Environment '{file.Id}'");
        }

        try
        {
            // An environment created meanwhile by another request makes the import skip: the same conflict.
            if (!(await importer.ImportAsync(file, cancellationToken)).Created)
            {
                return ManagementProblems.Duplicate($"Environment '{file.Id}'");
            }
        }
        catch (DbUpdateException)
        {
            // Both requests passed the check above and the primary key let only the other one in; any other
            // failure is the server's and stays one.
            if (await ExistsAsync(db, file.Id, cancellationToken))
            {
                return ManagementProblems.Duplicate($"Environment '{file.Id}'");
            }

            throw;
        }

        var created = await db.Environments.AsNoTracking().FirstAsync(e => e.Id == file.Id, cancellationToken);
        return ManagementETags.Created(request.HttpContext.Response, EnvironmentResource.Location(created.Id), EnvironmentResource.Of(created, request));
    }

    internal static Task<bool> ExistsAsync(ServerDbContext db, string id, CancellationToken cancellationToken) =>
        db.Environments.AsNoTracking().AnyAsync(e => e.Id == id, cancellationToken);
}
