using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Every rule of an environment's applications, for <c>/v1</c> and the designer alike: create, change (a flow
/// binding is a change), delete and rotate a secret, each checked by <see cref="ApplicationValidation"/>, guarded
/// by the ETag <c>/v1</c> shows, and logged by <paramref name="actor"/>'s name in the same save as the change.
/// </summary>
public sealed class ApplicationService(
    EnvironmentCatalog catalog,
    ApplicationValidation validation,
    ApplicationEditor editor,
    ServerDbContext db,
    IOpenIddictApplicationManager manager,
    IOptions<AdminOptions> admin,
    AuditLog audit)
{
    /// <summary>Where an OpenIddict validation message that names no member is reported.</summary>
    private const string WholeApplication = "application";

    /// <summary>
    /// Creates a client with a generated id; a confidential client without a secret gets a generated one, in the
    /// answer's <see cref="ApplicationResource.ClientSecret"/> only.
    /// </summary>
    public async Task<ServiceResult<ApplicationResource>> CreateAsync(
        string environmentId, NewApplicationRequest requested, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is not { } environment)
        {
            return ServiceError.Missing($"Environment '{environmentId}'");
        }

        // A UUID, as PingOne's client ids are: unique without asking the database, and nothing to guess from.
        var entry = requested.ToEntry(Guid.NewGuid().ToString());
        var problems = await validation.ValidateAsync(environmentId, entry, flowVersion: null, cancellationToken);
        if (problems.Count > 0)
        {
            return ServiceError.Invalid(problems);
        }

        ImportedApplication? created = null;
        if (await StoreAuditedAsync(environmentId, AuditActions.ApplicationCreated, StatusCodes.Status201Created, actor,
                async () => created = await editor.CreateAsync(environment, entry, cancellationToken)) is { } refused)
        {
            return refused;
        }

        var application = await db.Applications.AsNoTracking()
            .FirstAsync(a => a.EnvironmentId == environmentId && a.ClientId == created!.ClientId, cancellationToken);
        var resource = await ApplicationResource.OfAsync(manager, application, cancellationToken);
        return ServiceResult<ApplicationResource>.Ok(resource with { ClientSecret = created!.GeneratedSecret });
    }

    /// <summary>
    /// Applies <paramref name="patch"/> (what it names changes, what it leaves out stays) unless
    /// <paramref name="ifMatch"/> names an older ETag; the type cannot change, and the bootstrap admin client keeps
    /// its management access.
    /// </summary>
    public async Task<ServiceResult<ApplicationResource>> ChangeAsync(
        string environmentId, string clientId, ApplicationPatchRequest patch, string? ifMatch, AuditActor actor,
        CancellationToken cancellationToken)
    {
        var (environment, application, missing) = await FindAsync(environmentId, clientId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var current = await ApplicationResource.OfAsync(manager, application!, cancellationToken);
        if (!ManagementETags.Matches(ifMatch, ManagementETags.Of(current)))
        {
            return ServiceError.Stale();
        }

        var entry = patch.Apply(current.ToEntry());
        var flowVersion = patch.FlowVersionAfter(current.Flow, current.FlowVersion, entry.Flow);
        var problems = await validation.ValidateAsync(environmentId, entry, flowVersion, cancellationToken);
        if (patch.Type is { } type && type != current.Type)
        {
            problems.Add(new(ApplicationPatchRequest.TypeField, $"type cannot change; create a new {type} application instead"));
        }

        if (patch.TokenEndpointAuthMethod is { } method && method != current.TokenEndpointAuthMethod)
        {
            problems.Add(new(ClientAuthentication.Field, $"{ClientAuthentication.Field} cannot change; create a new application instead"));
        }

        if (problems.Count > 0)
        {
            return ServiceError.Invalid(problems);
        }

        if (IsBootstrapClient(environmentId, clientId)
            && !(entry.GrantTypes.Contains(GrantTypes.ClientCredentials) && entry.Scopes.Contains(ManagementScopes.Write)))
        {
            return ServiceError.InConflict(
                $"'{clientId}' is the bootstrap admin client: it keeps {GrantTypes.ClientCredentials} and {ManagementScopes.Write}.");
        }

        return await StoreAuditedAsync(environmentId, AuditActions.ApplicationUpdated, StatusCodes.Status200OK, actor,
                () => editor.UpdateAsync(environment!, application!, entry, flowVersion, cancellationToken)) is { } refused
            ? refused
            : ServiceResult<ApplicationResource>.Ok(await ApplicationResource.OfAsync(manager, application!, cancellationToken));
    }

    /// <summary>
    /// Binds the application to <paramref name="flow"/> (null: its environment's default) pinned to
    /// <paramref name="version"/> (null: the flow's default version): the change a <c>PATCH</c> of both makes.
    /// </summary>
    public Task<ServiceResult<ApplicationResource>> BindFlowAsync(
        string environmentId, string clientId, string? flow, int? version, string? ifMatch, AuditActor actor,
        CancellationToken cancellationToken) =>
        ChangeAsync(environmentId, clientId, new ApplicationPatchRequest { Flow = flow, FlowVersion = version }, ifMatch, actor,
            cancellationToken);

    /// <summary>Deletes the application with its tokens and authorizations; never the bootstrap admin client.</summary>
    public async Task<ServiceResult<ApplicationResource>> DeleteAsync(
        string environmentId, string clientId, string? ifMatch, AuditActor actor, CancellationToken cancellationToken)
    {
        var (environment, application, missing) = await FindAsync(environmentId, clientId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        if (IsBootstrapClient(environmentId, clientId))
        {
            return ServiceError.InConflict($"'{clientId}' is the bootstrap admin client and cannot be deleted.");
        }

        var current = await ApplicationResource.OfAsync(manager, application!, cancellationToken);
        if (!ManagementETags.Matches(ifMatch, ManagementETags.Of(current)))
        {
            return ServiceError.Stale();
        }

        return await StoreAuditedAsync(environmentId, AuditActions.ApplicationDeleted, StatusCodes.Status204NoContent, actor,
                () => editor.DeleteAsync(environment!, application!, cancellationToken)) is { } refused
            ? refused
            : ServiceResult<ApplicationResource>.Ok(current);
    }

    /// <summary>Gives a confidential client a new generated secret, returned this once; the old one stops working at once.</summary>
    public async Task<ServiceResult<ApplicationSecretResource>> RotateSecretAsync(
        string environmentId, string clientId, string? ifMatch, AuditActor actor, CancellationToken cancellationToken)
    {
        var (environment, application, missing) = await FindAsync(environmentId, clientId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var current = await ApplicationResource.OfAsync(manager, application!, cancellationToken);
        if (current.Type != ClientTypes.Confidential)
        {
            return ServiceError.InConflict($"'{clientId}' is a {current.Type} client: it has no secret to rotate.");
        }

        if (current.TokenEndpointAuthMethod == ClientAuthenticationMethods.PrivateKeyJwt)
        {
            return ServiceError.InConflict($"'{clientId}' authenticates with its keys: it has no secret to rotate; change its jwks instead.");
        }

        if (!ManagementETags.Matches(ifMatch, ManagementETags.Of(current)))
        {
            return ServiceError.Stale();
        }

        string? secret = null;
        return await StoreAuditedAsync(environmentId, AuditActions.ApplicationSecretRotated, StatusCodes.Status200OK, actor,
                async () => secret = await editor.RotateSecretAsync(environment!, application!, cancellationToken)) is { } refused
            ? refused
            : ServiceResult<ApplicationSecretResource>.Ok(new ApplicationSecretResource(clientId, secret!));
    }

    /// <summary>The ETag of the application as <c>/v1</c> shows it, which a change sends back as its precondition.</summary>
    public async Task<string> ETagOfAsync(FlowsApplication application, CancellationToken cancellationToken) =>
        ManagementETags.Of(await ApplicationResource.OfAsync(manager, application, cancellationToken));

    /// <summary>
    /// Runs <paramref name="change"/> with its audit entry added to the context OpenIddict's store saves with: the
    /// store's one SaveChanges stores both or neither. A refused change takes its entry back.
    /// </summary>
    private async Task<ServiceError?> StoreAuditedAsync(string environmentId, string action, int status, AuditActor actor, Func<Task> change)
    {
        var logged = audit.Add(db, actor, environmentId, action, status);
        try
        {
            await change();
            return null;
        }
        catch (OpenIddictExceptions.ValidationException exception)
        {
            AuditLog.Withdraw(db, logged);
            return Refused(exception);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            AuditLog.Withdraw(db, logged);
            return ServiceError.Stale();
        }
        catch
        {
            AuditLog.Withdraw(db, logged);
            throw;
        }
    }

    /// <summary>OpenIddict's own checks, should one ever be stricter than ours: still the request's fault.</summary>
    private static ServiceError Refused(OpenIddictExceptions.ValidationException exception) =>
        ServiceError.Invalid(exception.Results.Select(result => new FieldProblem(
            result.MemberNames.FirstOrDefault() ?? WholeApplication, result.ErrorMessage ?? $"{WholeApplication} is not valid")).ToList());

    /// <summary>The client scripts reach <c>/v1</c> with: losing it, or its write scope, leaves no way back but a restart.</summary>
    private bool IsBootstrapClient(string environmentId, string clientId) =>
        environmentId == AdminEnvironment.Id && clientId == admin.Value.EffectiveClientId;

    /// <summary>The environment and the application, tracked so that a concurrent change is detected; or why there is none.</summary>
    private async Task<(EnvironmentRecord? Environment, FlowsApplication? Application, ServiceError? Missing)> FindAsync(
        string environmentId, string clientId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is not { } environment)
        {
            return (null, null, ServiceError.Missing($"Environment '{environmentId}'"));
        }

        var application = await db.Applications
            .FirstOrDefaultAsync(a => a.EnvironmentId == environmentId && a.ClientId == clientId, cancellationToken);
        return application is null
            ? (environment, null, ServiceError.Missing($"Application '{clientId}' in environment '{environmentId}'"))
            : (environment, application, null);
    }
}
