using System.Security.Claims;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Protocol;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Management.Authentication;

/// <summary>
/// Accepts only access tokens the admin environment issued: RS256 JWTs signed with its key, from its issuer,
/// typed <c>at+jwt</c> (RFC 9068 §2.1, so an ID token of the same issuer is refused) and not expired.
/// </summary>
public sealed class ManagementTokenValidator(EnvironmentKeyStore keys)
{
    /// <summary>Every node signs with the same stored keys; this only covers their clocks differing a little.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>The issuer of admin tokens on the host a request came to, as OpenIddict infers it there.</summary>
    public static string AdminIssuer(HttpRequest request) => FlowUrls.Absolute(
        request, $"/{AdminEnvironment.Id}/{EnvironmentPathMiddleware.AuthorizationServerSegment}");

    /// <summary>The token's claims, or null when it is not a valid admin access token.</summary>
    public async Task<ClaimsIdentity?> ValidateAsync(string token, string issuer, string authenticationType)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            // The admin environment's keys as the key store knows them: a rotation is followed, and a key another node
            // began to sign with is read when a token names it.
            IssuerSigningKeyResolver = (_, _, kid, _) => keys.ValidationKeys(AdminEnvironment.Id, kid),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = [JsonWebTokenTypes.AccessToken],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,

            // OpenIddict names no audience unless a resource is requested; the scopes say what the token may do.
            ValidateAudience = false,
            AuthenticationType = authenticationType,
            NameClaimType = Claims.Subject,
            RoleClaimType = Claims.Role,
        });
        return result.IsValid ? result.ClaimsIdentity : null;
    }
}
