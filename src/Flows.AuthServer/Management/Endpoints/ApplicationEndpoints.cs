using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Management.Resources;
using Flows.Engine.Definitions;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/applications</c>: create a client with the importer's validation and permissions
/// (a generated client id, and for a confidential client a generated secret shown in this answer only), list
/// them, read one. Changes, deletion and secret rotation live beside, in <see cref="ApplicationChangeEndpoints"/>
/// and <see cref="ApplicationSecretEndpoints"/>.
/// </summary>
public static class ApplicationEndpoints
{
    public const string Applications = ManagementRoutes.Environment + ManagementRoutes.Applications;
    public const string Application = Applications + "/{clientId}";

    /// <summary>Where an OpenIddict validation message that names no member is reported.</summary>
    private const string WholeApplication = "application";

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
        v1.MapPost(Applications, CreateAsync).RequireAuthorization(ManagementScopes.Write).Audited("application.created")
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
        string env,
        HttpRequest request,
        HttpResponse response,
        EnvironmentCatalog catalog,
        EnvironmentFileValidator validator,
        ShippedFlows shippedFlows,
        IFlowDefinitionStore definitions,
        ApplicationImporter importer,
        ServerDbContext db,
        IOpenIddictApplicationManager manager,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is not { } environment)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var body = await ManagementJson.ReadAsync<NewApplicationRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        // A UUID, as PingOne's client ids are: unique without asking the database, and nothing to guess from.
        var entry = requested.ToEntry(Guid.NewGuid().ToString());
        var knownFlows = await KnownFlowsAsync(env, entry.Flow, shippedFlows, definitions, cancellationToken);
        var problems = validator.ValidateApplication(env, entry, knownFlows);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        ImportedApplication created;
        try
        {
            created = await importer.CreateAsync(environment, entry, cancellationToken);
        }
        catch (OpenIddictExceptions.ValidationException exception)
        {
            return Refused(exception);
        }

        var application = await FindAsync(db, env, created.ClientId, cancellationToken);
        var resource = await ApplicationResource.OfAsync(manager, application!, cancellationToken) with { ClientSecret = created.GeneratedSecret };
        response.Headers.ETag = ManagementETags.Of(resource with { ClientSecret = null });
        if (created.GeneratedSecret is not null)
        {
            // The secret is in this answer and nowhere else: no cache may keep it.
            response.Headers.CacheControl = "no-store";
        }

        return Results.Created(ApplicationResource.Location(env, created.ClientId), resource);
    }

    /// <summary>OpenIddict's own checks, should one ever be stricter than ours: still the request's fault.</summary>
    internal static IResult Refused(OpenIddictExceptions.ValidationException exception) =>
        ManagementProblems.Invalid(exception.Results.Select(result => new FieldProblem(
            result.MemberNames.FirstOrDefault() ?? WholeApplication, result.ErrorMessage ?? $"{WholeApplication} is not valid")));

    private static Task<FlowsApplication?> FindAsync(ServerDbContext db, string env, string clientId, CancellationToken cancellationToken) =>
        db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.EnvironmentId == env && a.ClientId == clientId, cancellationToken);

    /// <summary>The flows an application of the environment may be bound to: the shipped ones, and the requested one if published there.</summary>
    private static async Task<IReadOnlySet<string>> KnownFlowsAsync(
        string env, string? flow, ShippedFlows shippedFlows, IFlowDefinitionStore definitions, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(shippedFlows.Ids, StringComparer.Ordinal);
        if (flow is not null && !known.Contains(flow) && await definitions.FindLatestAsync(env, flow, cancellationToken) is not null)
        {
            known.Add(flow);
        }

        return known;
    }
}
