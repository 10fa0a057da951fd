using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// HS256 JWS in compact serialization (RFC 7515 §7.1, RFC 7518 §3.2), for the tokens of <c>RedirectToApplication</c>.
/// Each kind of token has its own <c>typ</c> (RFC 8725 §3.11), so one can never pass for the other.
/// </summary>
public static class CompactJws
{
    public const string Algorithm = "HS256";

    /// <summary>The largest token read: a continue answer carries a few fields, never kilobytes.</summary>
    public const int MaxLength = 8 * 1024;

    public static string Sign(byte[] secret, string type, JsonObject payload)
    {
        var header = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["alg"] = Algorithm, ["typ"] = type }));
        var body = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{header}.{body}"));
        return $"{header}.{body}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>
    /// The payload of a token of <paramref name="type"/> signed with <paramref name="secret"/>; null when it is malformed,
    /// of another algorithm or type, or its signature does not match.
    /// </summary>
    public static JsonObject? Verify(byte[] secret, string type, string token)
    {
        var parts = token.Length <= MaxLength ? token.Split('.') : [];
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            // The algorithm is fixed, never taken from the header (RFC 8725 §3.1).
            if (JsonNode.Parse(Base64UrlEncoder.DecodeBytes(parts[0])) is not JsonObject header
                || header["alg"]?.GetValueKind() != JsonValueKind.String || (string?)header["alg"] != Algorithm
                || header["typ"]?.GetValueKind() != JsonValueKind.String || !string.Equals((string?)header["typ"], type, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var expected = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64UrlEncoder.DecodeBytes(parts[2])))
            {
                return null;
            }

            return JsonNode.Parse(Base64UrlEncoder.DecodeBytes(parts[1])) as JsonObject;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
