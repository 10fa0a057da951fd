using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>Client assertions (RFC 7523 §2.2, private_key_jwt) as a client makes them, signed with a PEM key.</summary>
public static class ClientAssertions
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>A signed assertion of <paramref name="clientId"/> for <paramref name="audience"/>; a fresh jti unless given.</summary>
    public static string Create(
        string clientId, string audience, string pem, string keyId, string? tokenId = null, TimeSpan? lifetime = null, bool withTokenId = true)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = clientId };
        if (withTokenId)
        {
            claims["jti"] = tokenId ?? Guid.NewGuid().ToString("N");
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(1)),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The form fields that carry an assertion (RFC 7523 §2.2).</summary>
    public static Dictionary<string, string> Form(string assertion, Dictionary<string, string> fields)
    {
        fields["client_assertion_type"] = Type;
        fields["client_assertion"] = assertion;
        return fields;
    }
}
