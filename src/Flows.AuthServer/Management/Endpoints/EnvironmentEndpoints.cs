using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Provisioning;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments</c>: create an environment as an import does (keys, the shipped flows, a default flow),
/// list them, read one; the rules are <see cref="EnvironmentService"/>'s. Changes, deletion and export/import live beside, in
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
        v1.MapPost(ManagementRoutes.Environments, CreateAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.EnvironmentCreated)
            .WithName("CreateEnvironment").WithSummary("Creates an empty environment with its keys and the shipped flows.")
            .Produces<EnvironmentResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapEnvironmentChanges();
        v1.MapEnvironmentTransfer();
        return v1;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, EnvironmentService environments, CancellationToken cancellationToken)
    {
        var problems = new List<FieldProblem>();
        var page = PageRequest.From(request.Query, problems);
        if (problems.Count > 0)
        {
            return ManagementProblems.Invalid(problems);
        }

        var listed = await environments.ListAsync(page, cancellationToken);
        return listed.Value is { } found
            ? Results.Ok(new ListPage<EnvironmentResource>(found.Items.Select(e => EnvironmentResource.Of(e, request)).ToList(), found.Next))
            : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> GetAsync(string env, HttpRequest request, EnvironmentService environments, CancellationToken cancellationToken)
    {
        var environment = await environments.GetAsync(env, cancellationToken);
        return environment.Value is { } found
            ? ManagementETags.Ok(request.HttpContext.Response, EnvironmentResource.Of(found, request))
            : ManagementProblems.Of(environment.Error!);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, EnvironmentService environments, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<NewEnvironmentRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var created = await environments.CreateAsync(requested, AuditActor.Of(request.HttpContext), cancellationToken);
        return created.Value is { } environment
            ? ManagementETags.Created(request.HttpContext.Response, ManagementRoutes.EnvironmentPath(environment.Id), EnvironmentResource.Of(environment, request))
            : ManagementProblems.Of(created.Error!);
    }
}
