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
        FlowStatuses.SignOnRequired => GetString(data, IdentifierFields.Username),
        FlowStatuses.MustChangePassword or FlowStatuses.PasswordExpired => GetString(data, MustChangePasswordFields.Username),
        FlowStatuses.RecoveryCodeRequired => GetString(data, PasswordRecoveryFields.Username),
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
        FlowStatuses.VerificationCodeRequired => GetInt(data, VerificationFields.RemainingAttempts),
        FlowStatuses.RecoveryCodeRequired => GetInt(data, PasswordRecoveryFields.RemainingAttempts),
        _ => null,
    };

    /// <summary>The masked address or number a code step sent its code to.</summary>
    public static string? CodeSentTo(string status, JsonObject? data) => status switch
    {
        FlowStatuses.OtpRequired when data?[MessagedCodeFields.Device] is JsonObject device => GetString(device, MessagedCodeFields.DeviceTarget),
        FlowStatuses.VerificationCodeRequired => GetString(data, VerificationFields.Email),
        _ => null,
    };

    /// <summary>
    /// The WebAuthn options of a passkey step, or of a username step's passkey autofill, as the JSON the page's script
    /// passes to the browser.
    /// </summary>
    public static string? PasskeyOptions(string status, JsonObject? data) =>
        status is FlowStatuses.PasskeyRegistrationRequired or FlowStatuses.AssertionRequired
            or FlowStatuses.SignOnRequired or FlowStatuses.UsernamePasswordRequired
        && data?[PasskeyFields.PublicKey] is JsonObject options
            ? options.ToJsonString()
            : null;

    /// <summary>The new recovery codes a step shows once.</summary>
    public static IReadOnlyList<string>? RecoveryCodes(string status, JsonObject? data) =>
        status == FlowStatuses.MfaRecoveryCodesIssued && data?[RecoveryCodeFields.Codes] is JsonArray codes
            ? [.. codes.OfType<JsonValue>().Select(code => code.GetValue<string>())]
            : null;

    /// <summary>The devices a user picks from, as the device choice lists them.</summary>
    public static IReadOnlyList<DeviceChoice>? Devices(string status, JsonObject? data) =>
        status == FlowStatuses.DeviceSelectionRequired && data?[DeviceSelectionFields.Devices] is JsonArray devices
            ? [.. devices.OfType<JsonObject>()
                .Select(device => new DeviceChoice(GetString(device, DeviceSelectionFields.Id), GetString(device, DeviceSelectionFields.Name)))
                .Where(device => device.Id is not null)]
            : null;

    /// <summary>The kinds of second factor a user may choose to enrol.</summary>
    public static IReadOnlyList<string>? EnrollmentKinds(string status, JsonObject? data) =>
        status == FlowStatuses.EnrollmentSelectionRequired && data?[EnrollmentSelectionFields.Types] is JsonArray kinds
            ? [.. kinds.OfType<JsonValue>().Select(kind => kind.TryGetValue<string>(out var text) ? text : null).OfType<string>()]
            : null;

    /// <summary>For how many days the remember-this-device step would remember the browser.</summary>
    public static int? RememberDays(string status, JsonObject? data) =>
        status == FlowStatuses.RememberDeviceRequired ? GetInt(data, RememberDeviceFields.Days) : null;

    public static string? GetString(JsonObject? data, string field) =>
        data?[field] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    public static int? GetInt(JsonObject? data, string field) =>
        data?[field] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}

/// <summary>A device the user may pick: its id (what the page posts) and its masked name.</summary>
public sealed record DeviceChoice(string? Id, string? Name);
