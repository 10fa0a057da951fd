using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.Tests.Outbound;

/// <summary>What an outside application does with the environment's secret: read the continue token, sign an answer (HS256).</summary>
public static class AnswerTokens
{
    public static string Sign(string secret, JsonObject claims, string type = "flows-answer+jwt")
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["alg"] = "HS256", ["typ"] = type }));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The continue token's claims, once its signature is checked with the secret (null when it does not match).</summary>
    public static JsonObject? Read(string secret, string token)
    {
        var parts = token.Split('.');
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        return CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2]))
            ? JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject()
            : null;
    }

    /// <summary>An answer to a continue token: its flow and nonce, the outcome, data, a fresh jti, valid for <paramref name="lifetime"/>.</summary>
    public static JsonObject Answer(JsonObject continued, string outcome, JsonObject? data = null, TimeSpan? lifetime = null)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["flow"] = continued["flow"]!.GetValue<string>(),
            ["nonce"] = continued["nonce"]!.GetValue<string>(),
            ["outcome"] = outcome,
            ["data"] = data,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + (lifetime ?? TimeSpan.FromMinutes(2))).ToUnixTimeSeconds(),
        };
    }
}
