using System.Security.Claims;
using Flows.Activities.IdentityProviders;
using Flows.AuthServer.Data;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// Reads the identity OpenIddict validated (the ID token's claims, merged with the userinfo answer) into what a flow
/// needs: the <c>sub</c>, the e-mail and whether it was verified, the provider's claims mapped to local names, the amr.
/// </summary>
public static class UpstreamIdentity
{
    public static ExternalIdentity? From(ClaimsPrincipal principal, IdentityProviderRecord provider)
    {
        var subject = principal.GetClaim(Claims.Subject);
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var mapping = provider.Claims.Count > 0 ? provider.Claims : LocalClaims.Defaults;
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (local, upstream) in mapping)
        {
            if (principal.GetClaim(upstream) is { Length: > 0 } value)
            {
                claims[local] = value;
            }
        }

        var email = claims.GetValueOrDefault(LocalClaims.Email) ?? principal.GetClaim(Claims.Email);
        bool? verified = principal.GetClaim(Claims.EmailVerified) is { } stated ? bool.TryParse(stated, out var flag) && flag : null;
        return new ExternalIdentity(subject, email, verified, claims, principal.GetClaims(Claims.AuthenticationMethodReference).ToList());
    }
}
