using System.Text.Json.Nodes;
using Flows.Activities;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// Reads what a prompt gives the UI (its <c>Data</c>, the API's <c>_embedded</c>) by the field names each
/// activity publishes for its step (<see cref="UsernamePasswordFields"/>, <see cref="OtpFields"/>, …).
/// </summary>
public static class SignOnPromptData
{
    /// <summary>The username to prefill: the login_hint or the known user, or the user a password change is for.</summary>
    public static string? Username(string status, JsonObject? data) => status switch
    {
        FlowStatuses.UsernamePasswordRequired => GetString(data, UsernamePasswordFields.Username),
        FlowStatuses.MustChangePassword => GetString(data, MustChangePasswordFields.Username),
        _ => null,
    };

    /// <summary>Whether the flow is for a user it already knows (<c>user.username</c>): the username shown is fixed.</summary>
    public static bool UsernameFixed(string status, JsonObject? data) =>
        status == FlowStatuses.UsernamePasswordRequired && data?[UsernamePasswordFields.User] is JsonObject;

    /// <summary>The user code to prefill on the device verification step: the one the page was opened with, or the one typed.</summary>
    public static string? UserCode(string status, JsonObject? data) =>
        status == FlowStatuses.DeviceUserCodeRequired ? GetString(data, DeviceAuthorizationFields.UserCode) : null;

    /// <summary>How many more one-time codes the user may try.</summary>
    public static int? RemainingAttempts(string status, JsonObject? data) => status switch
    {
        FlowStatuses.OtpRequired => GetInt(data, OtpFields.RemainingAttempts),
        FlowStatuses.OtpEnrollmentRequired => GetInt(data, OtpEnrollmentFields.RemainingAttempts),
        FlowStatuses.MfaRecoveryCodeRequired => GetInt(data, RecoveryCodeFields.RemainingAttempts),
        _ => null,
    };

    /// <summary>The masked address or number a code step sent its code to.</summary>
    public static string? CodeSentTo(string status, JsonObject? data) =>
        status == FlowStatuses.OtpRequired && data?[MessagedCodeFields.Device] is JsonObject device
            ? GetString(device, MessagedCodeFields.DeviceTarget)
            : null;

    /// <summary>The WebAuthn options of a passkey step, as the JSON the page's script passes to the browser.</summary>
    public static string? PasskeyOptions(string status, JsonObject? data) =>
        status is FlowStatuses.PasskeyRegistrationRequired or FlowStatuses.AssertionRequired && data?[PasskeyFields.PublicKey] is JsonObject options
            ? options.ToJsonString()
            : null;

    /// <summary>The new recovery codes a step shows once.</summary>
    public static IReadOnlyList<string>? RecoveryCodes(string status, JsonObject? data) =>
        status == FlowStatuses.MfaRecoveryCodesIssued && data?[RecoveryCodeFields.Codes] is JsonArray codes
            ? [.. codes.OfType<JsonValue>().Select(code => code.GetValue<string>())]
            : null;

    public static string? GetString(JsonObject? data, string field) =>
        data?[field] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    public static int? GetInt(JsonObject? data, string field) =>
        data?[field] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
