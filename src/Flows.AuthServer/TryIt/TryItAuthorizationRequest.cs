using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.TryIt;

/// <summary>
/// What the try-it client remembers between sending the browser to authorize and its callback: the state
/// (binds the answer to this browser), the nonce (binds the ID token to this request) and the PKCE verifier.
/// </summary>
public sealed record TryItAuthorizationRequest(string State, string Nonce, string CodeVerifier)
{
    public static TryItAuthorizationRequest New() => new(Random(), Random(), Random());

    /// <summary>RFC 7636 §4.2, method S256: BASE64URL(SHA256(ASCII(code_verifier))).</summary>
    public string CodeChallenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier)));

    public bool Matches(string? state) =>
        state is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(State), Encoding.UTF8.GetBytes(state));

    // 256 bits, base64url: 43 characters, within PKCE's 43–128 for the verifier.
    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
