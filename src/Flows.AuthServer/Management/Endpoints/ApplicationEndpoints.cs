using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/applications</c>: create a client through <see cref="ApplicationService"/> (a
/// generated client id, and for a confidential client a generated secret shown in this answer only), list them,
/// read one. Changes, deletion and secret rotation live beside, in <see cref="ApplicationChangeEndpoints"/>
/// and <see cref="ApplicationSecretEndpoints"/>.
/// </summary>
public static class ApplicationEndpoints
{
    public const string Applications = ManagementRoutes.Environment + ManagementRoutes.Applications;
    public const string Application = Applications + "/{clientId}";

    public static IEndpointRouteBuilder MapApplications(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Applications, ListAsync)
            .WithName("ListApplications").WithSummary("Lists an environment's applications in client id order, a page at a time.")
            .Produces<ListPage<ApplicationResource>>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(Application, GetAsync)
            .WithName("GetApplication").WithSummary("Reads one application, never its secret; its ETag is what a change sends back in If-Match.")
            .Produces<ApplicationResource>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Applications, CreateAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.ApplicationCreated)
            .WithName("CreateApplication")
            .WithSummary("Creates a client with a generated id; a confidential client's generated secret is in this answer only.")
            .Produces<ApplicationResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapApplicationChanges();
        v1.MapApplicationSecret();
        return v1;
    }

    private static async Task<IResult> ListAsync(
        string env, HttpRequest request, EnvironmentCatalog catalog, ServerDbContext db, IOpenIddictApplicationManager manager,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var problems = new List<FieldProblem>();
        var page = PageRequest.From(request.Query, problems);
        var after = page.AfterKey(problems);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        var applications = db.Applications.AsNoTracking().Where(a => a.EnvironmentId == env);
        if (after is not null)
        {
            applications = applications.Where(a => string.Compare(a.ClientId, after) > 0);
        }

        var rows = await applications.OrderBy(a => a.ClientId).Take(page.PageSize + 1).ToListAsync(cancellationToken);
        var resources = new List<ApplicationResource>();
        foreach (var row in rows.Take(page.PageSize))
        {
            resources.Add(await ApplicationResource.OfAsync(manager, row, cancellationToken));
        }

        return Results.Ok(new ListPage<ApplicationResource>(resources, page.NextAfter(rows, a => a.ClientId!)));
    }

    private static async Task<IResult> GetAsync(
        string env, string clientId, HttpResponse response, EnvironmentCatalog catalog, ServerDbContext db,
        IOpenIddictApplicationManager manager, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var application = await FindAsync(db, env, clientId, cancellationToken);
        return application is null
            ? ManagementProblems.Missing($"Application '{clientId}' in environment '{env}'")
            : ManagementETags.Ok(response, await ApplicationResource.OfAsync(manager, application, cancellationToken));
    }

    private static async Task<IResult> CreateAsync(
        string env, HttpRequest request, HttpResponse response, ApplicationService applications, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<NewApplicationRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var created = await applications.CreateAsync(env, requested, AuditActor.Of(request.HttpContext), cancellationToken);
        if (created.Value is not { } resource)
        {
            return ManagementProblems.Of(created.Error!);
        }

        response.Headers.ETag = ManagementETags.Of(resource with { ClientSecret = null });
        if (resource.ClientSecret is not null)
        {
            // The secret is in this answer and nowhere else: no cache may keep it.
            response.Headers.CacheControl = "no-store";
        }

        return Results.Created(ManagementRoutes.ApplicationPath(env, resource.ClientId), resource);
    }

    private static Task<FlowsApplication?> FindAsync(ServerDbContext db, string env, string clientId, CancellationToken cancellationToken) =>
        db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.EnvironmentId == env && a.ClientId == clientId, cancellationToken);
}
