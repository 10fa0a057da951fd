using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Designer;

/// <summary>
/// The administrator behind a designer sign-in, looked up afresh (one indexed read, never cached): whether they still
/// exist and are enabled, and the <see cref="ManagementRoles"/> they hold now, which the sign-in carries as claims.
/// </summary>
public sealed class DesignerAdministrators(IServiceScopeFactory scopes)
{
    /// <summary>The roles of the administrator <paramref name="principal"/> names; null when they are gone or disabled.</summary>
    public async Task<IReadOnlyList<string>?> FindRolesAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirst(Claims.Subject)?.Value is not { Length: > 0 } subject)
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<ServerDbContext>().Users.AsNoTracking()
            .Where(u => u.EnvironmentId == AdminEnvironment.Id && u.Id == subject)
            .Select(u => new { u.Enabled, u.Groups })
            .FirstOrDefaultAsync(cancellationToken);
        return user is { Enabled: true } ? ManagementRoles.Of(user.Groups) : null;
    }

    /// <summary>Whether the sign-in still stands as it is: its administrator enabled, with the roles it carries.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        await FindRolesAsync(principal, cancellationToken) is { Count: > 0 } roles && roles.SequenceEqual(RolesOf(principal));

    /// <summary>The roles a sign-in carries, in <see cref="ManagementRoles.All"/>'s order.</summary>
    public static IReadOnlyList<string> RolesOf(ClaimsPrincipal principal) =>
        ManagementRoles.Of(principal.FindAll(ManagementRoles.ClaimType).Select(claim => claim.Value));

    /// <summary>The sign-in carrying <paramref name="roles"/> instead of the roles it had.</summary>
    public static ClaimsPrincipal WithRoles(ClaimsPrincipal principal, IEnumerable<string> roles)
    {
        var identities = principal.Identities.Select(identity => identity.Clone()).ToList();
        foreach (var identity in identities)
        {
            foreach (var claim in identity.FindAll(ManagementRoles.ClaimType).ToList())
            {
                identity.RemoveClaim(claim);
            }
        }

        identities[0].AddClaims(roles.Select(role => new Claim(ManagementRoles.ClaimType, role)));
        return new ClaimsPrincipal(identities);
    }
}
