using Flows.AuthServer.Administration;
using Flows.AuthServer.Agreements;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Management.Audit;
using static Flows.AuthServer.Management.Endpoints.UserEndpoints;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/agreements</c>: the environment's agreements (terms of use, privacy notices) with their
/// versions and per-language texts; <c>…/users/{id}/agreements</c> lists what a user accepted and when. The rules are
/// <see cref="AgreementService"/>'s.
/// </summary>
public static class AgreementEndpoints
{
    private const string Agreements = ManagementRoutes.Environment + "/agreements";
    private const string Agreement = Agreements + "/{agreementId}";
    private const string UserAgreements = User + "/agreements";

    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Agreements, ListAsync).WithName("ListAgreements").WithSummary("The environment's agreements with their versions.")
            .Produces<ListPage<AgreementResource>>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(Agreement, GetAsync).WithName("GetAgreement").WithSummary("One agreement with its versions; the last is current.")
            .Produces<AgreementResource>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Agreements, CreateAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.AgreementCreated)
            .WithName("CreateAgreement").WithSummary("Creates an agreement: id, name, defaultLanguage and, optionally, the texts of version 1.")
            .Produces<AgreementResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapPatch(Agreement, ChangeAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.AgreementUpdated)
            .WithName("UpdateAgreement").WithSummary("Renames an agreement or changes its default language.")
            .Produces<AgreementResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapPost(Agreement + "/versions", AddVersionAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.AgreementVersionCreated)
            .WithName("CreateAgreementVersion")
            .WithSummary("Adds a version (its text per language), which becomes current: users accept it at their next sign-in.")
            .Produces<AgreementResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        v1.MapDelete(Agreement, DeleteAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.AgreementDeleted)
            .WithName("DeleteAgreement").WithSummary("Deletes an agreement and the record of who accepted it.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(UserAgreements, ListAcceptancesAsync).WithName("ListUserAgreements")
            .WithSummary("The agreement versions the user accepted, and when.")
            .Produces<ListPage<AgreementAcceptanceResource>>().ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, AgreementService agreements, CancellationToken cancellationToken)
    {
        var listed = await agreements.ListAsync(env, cancellationToken);
        return listed.Value is { } found ? Results.Ok(new ListPage<AgreementResource>(found, Next: null)) : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> GetAsync(string env, string agreementId, AgreementService agreements, CancellationToken cancellationToken)
    {
        var found = await agreements.GetAsync(env, agreementId, cancellationToken);
        return found.Value is { } agreement ? Results.Ok(agreement) : ManagementProblems.Of(found.Error!);
    }

    private static async Task<IResult> CreateAsync(string env, HttpRequest request, AgreementService agreements, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<AgreementRequest>(request, AgreementRules.MaxTextLength * 4);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var created = await agreements.CreateAsync(env, requested, AuditActor.Of(request.HttpContext), cancellationToken);
        return created.Value is { } agreement
            ? Results.Created($"{ManagementRoutes.Root}/environments/{env}/agreements/{agreement.Id}", agreement)
            : ManagementProblems.Of(created.Error!);
    }

    private static async Task<IResult> ChangeAsync(
        string env, string agreementId, HttpRequest request, AgreementService agreements, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<AgreementRequest>(request);
        if (body.Value is not { } patch)
        {
            return body.Problem!;
        }

        var changed = await agreements.ChangeAsync(env, agreementId, patch, AuditActor.Of(request.HttpContext), cancellationToken);
        return changed.Value is { } agreement ? Results.Ok(agreement) : ManagementProblems.Of(changed.Error!);
    }

    private static async Task<IResult> AddVersionAsync(
        string env, string agreementId, HttpRequest request, AgreementService agreements, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<AgreementVersionRequest>(request, AgreementRules.MaxTextLength * 4);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var added = await agreements.AddVersionAsync(env, agreementId, requested, AuditActor.Of(request.HttpContext), cancellationToken);
        return added.Value is { } agreement
            ? Results.Created($"{ManagementRoutes.Root}/environments/{env}/agreements/{agreement.Id}", agreement)
            : ManagementProblems.Of(added.Error!);
    }

    private static async Task<IResult> DeleteAsync(string env, string agreementId, HttpContext http, AgreementService agreements, CancellationToken cancellationToken)
    {
        var deleted = await agreements.DeleteAsync(env, agreementId, AuditActor.Of(http), cancellationToken);
        return deleted.Succeeded ? Results.NoContent() : ManagementProblems.Of(deleted.Error!);
    }

    private static async Task<IResult> ListAcceptancesAsync(string env, string id, AgreementService agreements, CancellationToken cancellationToken)
    {
        var listed = await agreements.ListAcceptancesAsync(env, id, cancellationToken);
        return listed.Value is { } found
            ? Results.Ok(new ListPage<AgreementAcceptanceResource>(found, Next: null))
            : ManagementProblems.Of(listed.Error!);
    }
}
