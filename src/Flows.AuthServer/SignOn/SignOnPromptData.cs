using System.Text.Json.Nodes;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// Reads what a prompt gives the UI (its <c>Data</c>, the API's <c>_embedded</c>). The field names are the
/// activities' contract with every sign-on UI.
/// </summary>
public static class SignOnPromptData
{
    /// <summary>The username to prefill: the login_hint, or the user a password change is for.</summary>
    public const string Username = "username";

    /// <summary>The user the flow already knows (<c>user.username</c>): the username shown is fixed.</summary>
    public const string User = "user";

    /// <summary>How many more one-time codes the user may try.</summary>
    public const string RemainingAttempts = "remainingAttempts";

    /// <summary>Enrollment: the new key's <c>otpauth://</c> URI, what the QR code holds.</summary>
    public const string OtpauthUri = "otpauthUri";

    /// <summary>Enrollment: the new key as Base32, for typing into an app.</summary>
    public const string Secret = "secret";

    /// <summary>Enrollment: the issuer and account the app lists the key under.</summary>
    public const string Issuer = "issuer";

    public const string Account = "account";

    public static string? GetString(JsonObject? data, string field) =>
        data?[field] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    public static int? GetInt(JsonObject? data, string field) =>
        data?[field] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
