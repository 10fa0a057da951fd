using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Users;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Consents;

/// <summary>
/// The consents users give third-party applications, kept as OpenIddict's permanent authorizations (one per consent,
/// with the scopes allowed): found at sign-in so a consent is asked once, listed and revoked by administrators. A
/// revoked consent ends the authorizations and every token the application holds for the user.
/// </summary>
public sealed class ConsentService(
    ServerDbContext db, IOpenIddictAuthorizationManager authorizations, EnvironmentCatalog catalog, AuditLog audit, TimeProvider clock)
{
    /// <summary>The id of a live consent of the user that covers every one of <paramref name="scopes"/>, or null.</summary>
    public async Task<string?> FindCoveringAsync(
        FlowsApplication application, string userId, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        await foreach (var authorization in authorizations.FindAsync(
                           userId, application.Id, Statuses.Valid, AuthorizationTypes.Permanent, [.. scopes], cancellationToken))
        {
            return await authorizations.GetIdAsync(authorization, cancellationToken);
        }

        return null;
    }

    /// <summary>Records that the user allowed the application <paramref name="scopes"/>; returns the consent's id.</summary>
    public async Task<string> GrantAsync(
        ClaimsPrincipal principal, FlowsApplication application, string userId, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var authorization = await authorizations.CreateAsync(
            (ClaimsIdentity)principal.Identity!, userId, application.Id!, AuthorizationTypes.Permanent, [.. scopes], cancellationToken);
        return (await authorizations.GetIdAsync(authorization, cancellationToken))!;
    }

    /// <summary>The user's live consents, one per application, in client id order.</summary>
    public async Task<ServiceResult<IReadOnlyList<ConsentResource>>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (await MissingAsync(environmentId, userId, cancellationToken) is { } missing)
        {
            return missing;
        }

        var granted = await Live(environmentId, userId)
            .Select(a => new { a.Application!.ClientId, a.Application.DisplayName, a.Scopes, a.CreationDate })
            .ToListAsync(cancellationToken);
        return ServiceResult<IReadOnlyList<ConsentResource>>.Ok(granted
            .GroupBy(a => a.ClientId!, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new ConsentResource(
                group.Key,
                group.First().DisplayName,
                group.SelectMany(a => ScopesOf(a.Scopes)).Distinct(StringComparer.Ordinal).ToList(),
                group.Max(a => a.CreationDate) is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null))
            .ToList());
    }

    /// <summary>
    /// Revokes the user's consent to the application: its authorizations and every token the application holds for the
    /// user, so a refresh token stops working at once; the next sign-in asks again.
    /// </summary>
    public async Task<ServiceResult<bool>> RevokeAsync(
        string environmentId, string userId, string clientId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await MissingAsync(environmentId, userId, cancellationToken) is { } missing)
        {
            return missing;
        }

        var revoked = await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserConsentRevoked, StatusCodes.Status204NoContent,
            () => RevokeAllAsync(environmentId, userId, clientId, cancellationToken), cancellationToken);
        return revoked
            ? ServiceResult<bool>.Ok(true)
            : ServiceError.Missing($"The consent of user '{userId}' to application '{clientId}' in environment '{environmentId}'");
    }

    private async Task<bool> RevokeAllAsync(string environmentId, string userId, string clientId, CancellationToken cancellationToken)
    {
        var consents = Live(environmentId, userId).Where(a => a.Application!.ClientId == clientId);
        var applicationId = await consents.Select(a => a.Application!.Id).FirstOrDefaultAsync(cancellationToken);
        if (applicationId is null)
        {
            return false;
        }

        await consents.ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, Statuses.Revoked), cancellationToken);

        // RFC 7009 §2.1: ending a grant ends its refresh tokens and, where the server can, its access tokens.
        await db.Set<FlowsToken>()
            .Where(t => t.Application!.Id == applicationId && t.Subject == userId
                        && (t.Status == Statuses.Valid || t.Status == Statuses.Inactive))
            .ExecuteUpdateAsync(set => set
                .SetProperty(t => t.Status, Statuses.Revoked)
                .SetProperty(t => t.RedemptionDate, clock.GetUtcNow().UtcDateTime), cancellationToken);
        return true;
    }

    private IQueryable<FlowsAuthorization> Live(string environmentId, string userId) =>
        db.Set<FlowsAuthorization>().Where(a => a.Subject == userId && a.Status == Statuses.Valid
                                                && a.Type == AuthorizationTypes.Permanent && a.Application!.EnvironmentId == environmentId);

    private async Task<ServiceError?> MissingAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return UserService.MissingEnvironment(environmentId);
        }

        return await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken)
            ? null
            : UserService.MissingUser(environmentId, userId);
    }

    private static IEnumerable<string> ScopesOf(string? stored) =>
        string.IsNullOrEmpty(stored) ? [] : JsonSerializer.Deserialize<ImmutableArray<string>>(stored);
}
