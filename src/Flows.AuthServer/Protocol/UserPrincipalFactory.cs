using Microsoft.IdentityModel.Tokens;
using System.Globalization;
using System.Security.Claims;
using Flows.Activities.Users;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Builds the identity OpenIddict turns into tokens: the subject, the profile and email claims the granted
/// scopes allow, and how and when the user authenticated (amr, acr, auth_time).
/// </summary>
public static class UserPrincipalFactory
{
    public static ClaimsPrincipal Create(
        DirectoryUser user, IReadOnlyList<string> amr, string? acr, DateTimeOffset authenticatedAt, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.PreferredUsername, user.Username)
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(Claims.Email, user.Email)
            .SetClaim(Claims.AuthenticationContextReference, acr)
            .SetClaims(Claims.AuthenticationMethodReference, [.. amr]);
        identity.AddClaim(new Claim(Claims.AuthenticationTime,
            authenticatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetDestinations(claim => DestinationsOf(claim, principal));
        return principal;
    }

    private static IEnumerable<string> DestinationsOf(Claim claim, ClaimsPrincipal principal) => claim.Type switch
    {
        Claims.Name or Claims.PreferredUsername when principal.HasScope(Scopes.Profile) =>
            [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.Email when principal.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
        Claims.AuthenticationMethodReference or Claims.AuthenticationContextReference or Claims.AuthenticationTime =>
            [Destinations.IdentityToken],
        Claims.Name or Claims.PreferredUsername or Claims.Email => [],
        _ => [Destinations.AccessToken],
    };
}
