using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// Keeps secrets out of the inspector. Activities keep variables under names of their own choosing, so every
/// value whose name looks like a credential (password, OTP, TOTP key, recovery code, token, hash …) is
/// replaced by <see cref="Hidden"/>, at any depth; the name stays, so an operator sees that it is there. An
/// <c>otpauth://</c> URI (an authenticator key being enrolled) is hidden whatever its name.
/// </summary>
public static class FlowInstanceSecrets
{
    public const string Hidden = "[hidden]";

    // Matched case-insensitively inside the last segment of a name ("otp.failedAttempts" is a node's counter).
    private static readonly string[] SecretWords =
    [
        "password", "passwd", "pwd", "secret", "otp", "totp", "passcode", "pin", "code", "key", "token", "hash",
        "credential", "recovery", "assertion", "seed", "cookie", "session", "request",
    ];

    private const string OtpauthScheme = "otpauth:";

    public static bool LooksSecret(string name)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        return SecretWords.Any(word => last.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    public static IReadOnlyDictionary<string, object?> Redact(IReadOnlyDictionary<string, JsonElement> values) =>
        values.ToDictionary(pair => pair.Key, pair => LooksSecret(pair.Key) ? Hidden : Copy(JsonSerializer.SerializeToNode(pair.Value)), StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, object?> Redact(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(pair => pair.Key, pair => LooksSecret(pair.Key) || IsKeyUri(pair.Value) ? Hidden : (object?)pair.Value, StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, object?> Redact(JsonObject values) =>
        values.ToDictionary(pair => pair.Key, pair => LooksSecret(pair.Key) ? Hidden : Copy(pair.Value), StringComparer.Ordinal);

    /// <summary>A copy of the value with the secret-looking members of its objects hidden, at any depth.</summary>
    private static object? Copy(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, LooksSecret(pair.Key)
            ? JsonValue.Create(Hidden)
            : (JsonNode?)Copy(pair.Value)))),
        JsonArray array => new JsonArray(array.Select(item => (JsonNode?)Copy(item)).ToArray()),
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) && IsKeyUri(text) => JsonValue.Create(Hidden),
        _ => node.DeepClone(),
    };

    private static bool IsKeyUri(string text) => text.TrimStart().StartsWith(OtpauthScheme, StringComparison.OrdinalIgnoreCase);
}
