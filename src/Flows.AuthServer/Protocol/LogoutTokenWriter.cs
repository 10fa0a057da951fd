using Flows.AuthServer.Data;
using Flows.AuthServer.Logout;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Signs a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4) with the environment's signing key, the one its
/// JWKS publishes: <c>typ</c> <c>logout+jwt</c>, iss, aud, iat, exp, jti, sub, sid and the logout event, never a nonce
/// (§2.4: a nonce would let it pass for an ID token).
/// </summary>
public sealed class LogoutTokenWriter(EnvironmentKeyStore keys, TimeProvider clock, IOptions<LogoutOptions> options) : ILogoutTokenSigner
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Sign(LogoutDeliveryRecord delivery)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var signing = keys.Current(delivery.EnvironmentId).Active;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = LogoutTokens.TokenType,
            Issuer = delivery.Issuer,
            Audience = delivery.ClientId,
            IssuedAt = now,
            Expires = now + options.Value.TokenLifetime,
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                [Claims.JwtId] = delivery.TokenId,
                [Claims.Subject] = delivery.Subject,
                [LogoutTokens.SessionIdClaim] = delivery.SessionId,
                [LogoutTokens.EventsClaim] = new Dictionary<string, object> { [LogoutTokens.LogoutEvent] = new Dictionary<string, object>() },
            },
        });
    }
}
