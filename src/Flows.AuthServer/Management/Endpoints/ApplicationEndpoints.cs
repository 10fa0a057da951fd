using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Resources;
using Flows.Engine.Definitions;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/applications</c>: create a client with the importer's validation and permissions
/// (a generated client id, and for a confidential client a generated secret shown in this answer only), list
/// them, read one.
/// </summary>
public static class ApplicationEndpoints
{
    private const string Applications = ManagementRoutes.Environment + ManagementRoutes.Applications;

    /// <summary>Where an OpenIddict validation message that names no member is reported.</summary>
    private const string WholeApplication = "application";

    public static IEndpointRouteBuilder MapApplications(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Applications, ListAsync);
        v1.MapGet(Applications + "/{clientId}", GetAsync);
        v1.MapPost(Applications, CreateAsync).RequireAuthorization(ManagementScopes.Write);
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
        string env, string clientId, EnvironmentCatalog catalog, ServerDbContext db, IOpenIddictApplicationManager manager,
        CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(env, cancellationToken) is null)
        {
            return ManagementProblems.Missing($"Environment '{env}'");
        }

        var application = await FindAsync(db, env, clientId, cancellationToken);
        return application is null
            ? ManagementProblems.Missing($"Application '{clientId}' in environment '{env}'")
            : Results.Ok(await ApplicationResource.OfAsync(manager, application, cancellationToken));
    }

    private static async Task<IResult> CreateAsync(
        string env,
        HttpRequest request,
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
            // OpenIddict's application store sees only the current environment's applications.
            using (EnvironmentContext.Use(environment))
            {
                created = await importer.CreateAsync(environment, entry, cancellationToken);
            }
        }
        catch (OpenIddictExceptions.ValidationException exception)
        {
            // OpenIddict's own checks, should one ever be stricter than ours: still the request's fault.
            return ManagementProblems.Invalid(exception.Results.Select(result => new FieldProblem(
                result.MemberNames.FirstOrDefault() ?? WholeApplication, result.ErrorMessage ?? $"{WholeApplication} is not valid")));
        }

        var application = await FindAsync(db, env, created.ClientId, cancellationToken);
        var resource = await ApplicationResource.OfAsync(manager, application!, cancellationToken) with { ClientSecret = created.GeneratedSecret };
        return Results.Created(ApplicationResource.Location(env, created.ClientId), resource);
    }

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
