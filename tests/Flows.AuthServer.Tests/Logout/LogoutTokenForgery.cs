using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>What an attacker (or a faulty server) makes of a logout token before a relying party gets it.</summary>
public enum LogoutTokenTampering
{
    /// <summary>Re-signed with the environment's key, claims unchanged: still a valid token.</summary>
    None,
    PayloadChangedAfterSigning,
    UnsignedWithAlgorithmNone,
    SignedWithAnotherKey,
    AnotherAudience,
    AnotherIssuer,
    TypeJwt,
    WithNonce,
    WithoutEvents,
    EventsWithoutTheLogoutEvent,
    AnotherSession,
    AnotherSubject,
    WithoutTokenId,
    WithoutIssuedAt,
    IssuedAnHourAgo,
    Expired,
}

/// <summary>
/// Rewrites a compact RS256 logout token as a <see cref="LogoutTokenTampering"/> says; a claim that changes is signed
/// again with the environment's own signing key, so only the changed claim can make a relying party refuse it.
/// </summary>
public sealed class LogoutTokenForgery(RSA environmentKey)
{
    public string Rewrite(string token, LogoutTokenTampering tampering)
    {
        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (tampering)
        {
            case LogoutTokenTampering.None:
                break;
            case LogoutTokenTampering.PayloadChangedAfterSigning:
                payload["sid"] = "another-session";
                return $"{parts[0]}.{Encode(payload)}.{parts[2]}";
            case LogoutTokenTampering.UnsignedWithAlgorithmNone:
                header["alg"] = "none";
                return $"{Encode(header)}.{parts[1]}.";
            case LogoutTokenTampering.SignedWithAnotherKey:
                using (var attacker = RSA.Create(2048))
                {
                    return Sign(header, payload, attacker);
                }

            case LogoutTokenTampering.AnotherAudience:
                payload["aud"] = "another-client";
                break;
            case LogoutTokenTampering.AnotherIssuer:
                payload["iss"] = payload["iss"]!.GetValue<string>().Replace("/test/", "/other/", StringComparison.Ordinal);
                break;
            case LogoutTokenTampering.TypeJwt:
                header["typ"] = "JWT";
                break;
            case LogoutTokenTampering.WithNonce:
                payload["nonce"] = "n-0S6_WzA2Mj";
                break;
            case LogoutTokenTampering.WithoutEvents:
                payload.Remove("events");
                break;
            case LogoutTokenTampering.EventsWithoutTheLogoutEvent:
                payload["events"] = new JsonObject { ["http://schemas.openid.net/event/other"] = new JsonObject() };
                break;
            case LogoutTokenTampering.AnotherSession:
                payload["sid"] = "another-session";
                break;
            case LogoutTokenTampering.AnotherSubject:
                payload["sub"] = "another-subject";
                break;
            case LogoutTokenTampering.WithoutTokenId:
                payload.Remove("jti");
                break;
            case LogoutTokenTampering.WithoutIssuedAt:
                payload.Remove("iat");
                break;
            case LogoutTokenTampering.IssuedAnHourAgo:
                payload["iat"] = now - 3600;
                break;
            case LogoutTokenTampering.Expired:
                payload["iat"] = now - 300;
                payload["exp"] = now - 120;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(tampering), tampering, null);
        }

        return Sign(header, payload, environmentKey);
    }

    private static string Sign(JsonObject header, JsonObject payload, RSA key)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(json.ToJsonString());
}
