using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Authentication;

/// <summary>
/// Checks, for every /v1 request, that what granted a validly signed admin token still stands: its client still exists
/// in the admin environment and, for a client credentials token, still has the secret the token was granted under; the
/// administrator a token names still exists and is enabled. Then narrows the token's management scopes to what that
/// administrator's roles allow now. One indexed lookup, never cached: a revocation holds on every node at once.
/// </summary>
public sealed class ManagementGrantValidator(ServerDbContext db)
{
    private const string AdminId = AdminEnvironment.Id;

    /// <summary>The identity to authenticate the request with, or null when its grant was revoked.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(ClaimsIdentity identity, CancellationToken cancellationToken)
    {
        if (identity.FindFirst(Claims.ClientId)?.Value is not { Length: > 0 } clientId
            || identity.FindFirst(Claims.Subject)?.Value is not { Length: > 0 } subject)
        {
            return null;
        }

        var grant = await (
                from application in db.Applications.AsNoTracking()
                where application.EnvironmentId == AdminId && application.ClientId == clientId
                from user in db.Users.AsNoTracking().Where(u => u.EnvironmentId == AdminId && u.Id == subject).DefaultIfEmpty()
                select new { application.SecretRotatedAt, UserEnabled = (bool?)user!.Enabled, UserGroups = user.Groups })
            .FirstOrDefaultAsync(cancellationToken);
        if (grant is null)
        {
            return null;
        }

        // A client credentials token names its client as its subject (see IssueClientCredentialsPrincipal).
        if (subject == clientId)
        {
            return ClientSecretStamps.IsCurrent(identity.FindFirst(ClientSecretStamps.ClaimType)?.Value, grant.SecretRotatedAt) ? identity : null;
        }

        if (grant.UserEnabled != true)
        {
            return null;
        }

        var allowed = ManagementRoles.AllowedScopes(ManagementRoles.Of(grant.UserGroups ?? []));
        var scopes = ManagementScopes.Of(new ClaimsPrincipal(identity))
            .Where(scope => !ManagementScopes.All.Contains(scope) || allowed.Contains(scope))
            .Order(StringComparer.Ordinal);
        foreach (var claim in identity.FindAll(Claims.Scope).ToList())
        {
            identity.RemoveClaim(claim);
        }

        identity.AddClaim(new Claim(Claims.Scope, string.Join(' ', scopes)));
        return identity;
    }
}
