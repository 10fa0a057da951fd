using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Invalidation;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// Every rule of an environment's identity providers and of its users' links to them, for <c>/v1</c> and environment
/// files: validated, the client secret protected and never shown, each change audited and forgotten by every node's cache.
/// </summary>
public sealed class IdentityProviderService(
    ServerDbContext db, EnvironmentCatalog catalog, IdentityProviderSecrets secrets, AuditLog audit, IChangeSignal changes, TimeProvider clock)
{
    public async Task<ServiceResult<IReadOnlyList<IdentityProviderResource>>> ListAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return UserService.MissingEnvironment(environmentId);
        }

        var providers = await db.IdentityProviders.AsNoTracking().Where(p => p.EnvironmentId == environmentId)
            .OrderBy(p => p.Id).ToListAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<IdentityProviderResource>>.Ok(providers.Select(IdentityProviderResource.Of).ToList());
    }

    public async Task<ServiceResult<IdentityProviderResource>> FindAsync(string environmentId, string providerId, CancellationToken cancellationToken) =>
        await db.IdentityProviders.AsNoTracking().FirstOrDefaultAsync(p => p.EnvironmentId == environmentId && p.Id == providerId, cancellationToken)
            is { } provider
            ? ServiceResult<IdentityProviderResource>.Ok(IdentityProviderResource.Of(provider))
            : Missing(environmentId, providerId);

    public async Task<ServiceResult<IdentityProviderResource>> CreateAsync(
        string environmentId, IdentityProviderRequest request, AuditActor? actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return UserService.MissingEnvironment(environmentId);
        }

        var added = await AddAsync(environmentId, request, actor, cancellationToken);
        if (added.Value is { } resource)
        {
            await changes.PublishAsync(CacheChange.IdentityProvider(environmentId, resource.Id));
        }

        return added;
    }

    /// <summary>
    /// Adds a provider of an environment file, in the import's transaction: the environment is not committed yet, and
    /// the import tells every node of the whole environment once it is.
    /// </summary>
    public Task<ServiceResult<IdentityProviderResource>> ImportAsync(string environmentId, IdentityProviderRequest request, CancellationToken cancellationToken) =>
        AddAsync(environmentId, request, actor: null, cancellationToken);

    private async Task<ServiceResult<IdentityProviderResource>> AddAsync(
        string environmentId, IdentityProviderRequest request, AuditActor? actor, CancellationToken cancellationToken)
    {
        if (IdentityProviderValidation.Validate(request, creating: true) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        var now = clock.GetUtcNow();
        var provider = new IdentityProviderRecord
        {
            Id = request.Id!, EnvironmentId = environmentId, Name = "", Type = IdentityProviderValidation.OidcType, Issuer = "", ClientId = "",
            CreatedAt = now,
        };
        Apply(provider, request, now);
        db.IdentityProviders.Add(provider);
        if (actor is not null)
        {
            audit.Add(db, actor, environmentId, AuditActions.IdentityProviderCreated, StatusCodes.Status201Created);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return ServiceError.Taken($"Identity provider '{request.Id}' in environment '{environmentId}'");
        }

        return ServiceResult<IdentityProviderResource>.Ok(IdentityProviderResource.Of(provider));
    }

    /// <summary>Replaces the provider's settings; a request without a client secret keeps the stored one.</summary>
    public async Task<ServiceResult<IdentityProviderResource>> ReplaceAsync(
        string environmentId, string providerId, IdentityProviderRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var provider = await db.IdentityProviders.FirstOrDefaultAsync(p => p.EnvironmentId == environmentId && p.Id == providerId, cancellationToken);
        if (provider is null)
        {
            return Missing(environmentId, providerId);
        }

        if (IdentityProviderValidation.Validate(request, creating: false) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        Apply(provider, request, clock.GetUtcNow());
        audit.Add(db, actor, environmentId, AuditActions.IdentityProviderUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        await changes.PublishAsync(CacheChange.IdentityProvider(environmentId, providerId));
        return ServiceResult<IdentityProviderResource>.Ok(IdentityProviderResource.Of(provider));
    }

    /// <summary>Deletes the provider with every link of a user to it.</summary>
    public async Task<ServiceResult<bool>> DeleteAsync(string environmentId, string providerId, AuditActor actor, CancellationToken cancellationToken)
    {
        var deleted = await audit.RecordWithAsync(db, actor, environmentId, AuditActions.IdentityProviderDeleted, StatusCodes.Status204NoContent,
            async () =>
            {
                await db.UserIdentityLinks.Where(l => l.EnvironmentId == environmentId && l.ProviderId == providerId).ExecuteDeleteAsync(cancellationToken);
                return await db.IdentityProviders.Where(p => p.EnvironmentId == environmentId && p.Id == providerId)
                    .ExecuteDeleteAsync(cancellationToken) > 0;
            }, cancellationToken);
        if (!deleted)
        {
            return Missing(environmentId, providerId);
        }

        await changes.PublishAsync(CacheChange.IdentityProvider(environmentId, providerId));
        return ServiceResult<bool>.Ok(true);
    }

    /// <summary>The upstream identities the user is linked to, by provider id.</summary>
    public async Task<ServiceResult<IReadOnlyList<UserIdentityLinkResource>>> ListLinksAsync(
        string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (await MissingUserAsync(environmentId, userId, cancellationToken) is { } missing)
        {
            return missing;
        }

        var links = await db.UserIdentityLinks.AsNoTracking().Where(l => l.EnvironmentId == environmentId && l.UserId == userId)
            .OrderBy(l => l.ProviderId).ToListAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<UserIdentityLinkResource>>.Ok(
            links.Select(l => new UserIdentityLinkResource(l.ProviderId, l.Subject, l.CreatedAt)).ToList());
    }

    /// <summary>Unlinks the user from the provider: the next sign-in through it is of no local user until linked again.</summary>
    public async Task<ServiceResult<bool>> UnlinkAsync(
        string environmentId, string userId, string providerId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await MissingUserAsync(environmentId, userId, cancellationToken) is { } missing)
        {
            return missing;
        }

        var unlinked = await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserIdentityLinkDeleted, StatusCodes.Status204NoContent,
            async () => await db.UserIdentityLinks
                .Where(l => l.EnvironmentId == environmentId && l.UserId == userId && l.ProviderId == providerId)
                .ExecuteDeleteAsync(cancellationToken) > 0, cancellationToken);
        return unlinked
            ? ServiceResult<bool>.Ok(true)
            : ServiceError.Missing($"The link of user '{userId}' to identity provider '{providerId}' in environment '{environmentId}'");
    }

    private void Apply(IdentityProviderRecord provider, IdentityProviderRequest request, DateTimeOffset now)
    {
        provider.Name = request.Name!.Trim();
        provider.Type = request.Type ?? IdentityProviderValidation.OidcType;
        provider.Issuer = request.Issuer!.TrimEnd('/');
        provider.ClientId = request.ClientId!.Trim();
        if (!string.IsNullOrEmpty(request.ClientSecret))
        {
            provider.ProtectedClientSecret = secrets.Protect(request.ClientSecret);
        }

        provider.Scopes = request.Scopes?.Where(scope => !string.IsNullOrWhiteSpace(scope)).Distinct(StringComparer.Ordinal).ToList() ?? [];
        provider.Claims = request.Claims?.ToDictionary() ?? [];
        provider.Domains = request.Domains?.Select(domain => domain.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        provider.UpdatedAt = now;
    }

    private async Task<ServiceError?> MissingUserAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return UserService.MissingEnvironment(environmentId);
        }

        return await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken)
            ? null
            : UserService.MissingUser(environmentId, userId);
    }

    private static ServiceError Missing(string environmentId, string providerId) =>
        ServiceError.Missing($"Identity provider '{providerId}' in environment '{environmentId}'");
}
