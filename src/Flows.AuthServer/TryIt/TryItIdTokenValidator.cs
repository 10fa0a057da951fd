using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.TryIt;

/// <summary>
/// Checks an ID token as OIDC Core §3.1.3.7 asks a client to: signed by a key of the environment's JWKS, issued
/// by the environment for the try-it client, within its lifetime, and carrying the nonce of this request.
/// </summary>
public static class TryItIdTokenValidator
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static async Task<JsonWebToken> ValidateAsync(string idToken, JsonWebKeySet keys, string issuer, string nonce)
    {
        var result = await Handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = TryItClient.ClientId,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token)
        {
            throw new TryItException($"The ID token was rejected: {Reason(result.Exception)}.");
        }

        if (!token.TryGetPayloadValue<string>(Claims.Nonce, out var tokenNonce) || !SameText(tokenNonce, nonce))
        {
            throw new TryItException("The ID token was rejected: its nonce is not the one this sign-in sent.");
        }

        return token;
    }

    // Reasons in words; the library's exception messages are not for people.
    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
            "its signature does not match any key of the environment's JWKS",
        SecurityTokenInvalidIssuerException => "it was issued by another issuer",
        SecurityTokenInvalidAudienceException => "it was issued for another client",
        SecurityTokenExpiredException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException =>
            "it is outside its validity period",
        SecurityTokenInvalidAlgorithmException => "it is not signed with RS256",
        SecurityTokenMalformedException => "it is not a well-formed JWT",
        _ => "it did not pass validation",
    };

    private static bool SameText(string? left, string right) =>
        left is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
