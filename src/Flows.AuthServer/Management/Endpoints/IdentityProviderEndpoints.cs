using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.IdentityProviders;
using Flows.AuthServer.Management.Audit;

namespace Flows.AuthServer.Management.Endpoints;

/// <summary>
/// <c>/v1/environments/{env}/identityProviders</c>: the upstream OpenID Connect providers flows sign users in through
/// (the client secret is write-only), and <c>/users/{id}/identityLinks</c>: a user's links to them. The rules are
/// <see cref="IdentityProviderService"/>'s.
/// </summary>
public static class IdentityProviderManagementEndpoints
{
    private const string Providers = ManagementRoutes.Environment + "/identityProviders";
    private const string Provider = Providers + "/{providerId}";
    private const string Links = UserEndpoints.User + "/identityLinks";
    private const string Link = Links + "/{providerId}";

    public static IEndpointRouteBuilder MapIdentityProviders(this IEndpointRouteBuilder v1)
    {
        v1.MapGet(Providers, ListAsync).WithName("ListIdentityProviders")
            .WithSummary("List the environment's identity providers (never their client secrets).")
            .Produces<ListPage<IdentityProviderResource>>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(Provider, GetAsync).WithName("GetIdentityProvider")
            .WithSummary("Read an identity provider and the callback path to register at it.")
            .Produces<IdentityProviderResource>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost(Providers, CreateAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.IdentityProviderCreated)
            .WithName("CreateIdentityProvider").WithSummary("Add an OpenID Connect provider; its client secret is stored protected and never shown.")
            .Produces<IdentityProviderResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapPut(Provider, ReplaceAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.IdentityProviderUpdated)
            .WithName("ReplaceIdentityProvider").WithSummary("Replace a provider's settings; without clientSecret the stored secret stays.")
            .Produces<IdentityProviderResource>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapDelete(Provider, DeleteAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.IdentityProviderDeleted)
            .WithName("DeleteIdentityProvider").WithSummary("Delete a provider with every user's link to it.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet(Links, ListLinksAsync).WithName("ListUserIdentityLinks")
            .WithSummary("List the upstream identities the user is linked to: provider and upstream subject.")
            .Produces<ListPage<UserIdentityLinkResource>>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapDelete(Link, UnlinkAsync).RequireAuthorization(ManagementScopes.Write).AuditedByService(AuditActions.UserIdentityLinkDeleted)
            .WithName("DeleteUserIdentityLink").WithSummary("Unlink the user from the provider.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return v1;
    }

    private static async Task<IResult> ListAsync(string env, IdentityProviderService providers, CancellationToken cancellationToken)
    {
        var listed = await providers.ListAsync(env, cancellationToken);
        return listed.Value is { } found ? Results.Ok(new ListPage<IdentityProviderResource>(found, Next: null)) : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> GetAsync(string env, string providerId, IdentityProviderService providers, CancellationToken cancellationToken)
    {
        var found = await providers.FindAsync(env, providerId, cancellationToken);
        return found.Value is { } resource ? Results.Ok(resource) : ManagementProblems.Of(found.Error!);
    }

    private static async Task<IResult> CreateAsync(string env, HttpRequest request, IdentityProviderService providers, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<IdentityProviderRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var created = await providers.CreateAsync(env, requested, AuditActor.Of(request.HttpContext), cancellationToken);
        return created.Value is { } resource
            ? Results.Created($"{ManagementRoutes.Root}{ManagementRoutes.Environments}/{env}/identityProviders/{resource.Id}", resource)
            : ManagementProblems.Of(created.Error!);
    }

    private static async Task<IResult> ReplaceAsync(
        string env, string providerId, HttpRequest request, IdentityProviderService providers, CancellationToken cancellationToken)
    {
        var body = await ManagementJson.ReadAsync<IdentityProviderRequest>(request);
        if (body.Value is not { } requested)
        {
            return body.Problem!;
        }

        var replaced = await providers.ReplaceAsync(env, providerId, requested, AuditActor.Of(request.HttpContext), cancellationToken);
        return replaced.Value is { } resource ? Results.Ok(resource) : ManagementProblems.Of(replaced.Error!);
    }

    private static async Task<IResult> DeleteAsync(
        string env, string providerId, HttpContext http, IdentityProviderService providers, CancellationToken cancellationToken)
    {
        var deleted = await providers.DeleteAsync(env, providerId, AuditActor.Of(http), cancellationToken);
        return deleted.Succeeded ? Results.NoContent() : ManagementProblems.Of(deleted.Error!);
    }

    private static async Task<IResult> ListLinksAsync(string env, string id, IdentityProviderService providers, CancellationToken cancellationToken)
    {
        var listed = await providers.ListLinksAsync(env, id, cancellationToken);
        return listed.Value is { } found ? Results.Ok(new ListPage<UserIdentityLinkResource>(found, Next: null)) : ManagementProblems.Of(listed.Error!);
    }

    private static async Task<IResult> UnlinkAsync(
        string env, string id, string providerId, HttpContext http, IdentityProviderService providers, CancellationToken cancellationToken)
    {
        var unlinked = await providers.UnlinkAsync(env, id, providerId, AuditActor.Of(http), cancellationToken);
        return unlinked.Succeeded ? Results.NoContent() : ManagementProblems.Of(unlinked.Error!);
    }
}
