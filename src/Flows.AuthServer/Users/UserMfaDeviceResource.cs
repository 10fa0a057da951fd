using System.Text.Json.Serialization;
using Flows.Activities;
using Flows.AuthServer.Data;

namespace Flows.AuthServer.Users;

/// <summary>
/// An authenticator of a user as <c>/v1/…/users/{id}/mfaDevices</c> shows it. A user has at most one of each type (a
/// TOTP app, an e-mail address, a phone for SMS), so its id is its type. A TOTP key appears only in the answer that
/// enrolled it (<see cref="UserTotpEnrollment"/>); an e-mail or SMS device shows its address and whether it is verified.
/// </summary>
public sealed record UserMfaDeviceResource(
    string Id,
    string Type,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Email = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Phone = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Verified = null)
{
    public const string TotpId = "totp";
    public const string TotpType = "TOTP";
    public const string EmailId = "email";
    public const string SmsId = "sms";

    /// <summary>An e-mail or SMS device.</summary>
    public static UserMfaDeviceResource Of(ContactDeviceRecord device) => device.Channel == MessagedCodeFields.SmsType
        ? new(SmsId, device.Channel, device.CreatedAt, Phone: device.Address, Verified: device.Verified)
        : new(EmailId, device.Channel, device.CreatedAt, Email: device.Address, Verified: device.Verified);

    /// <summary>The user's devices: none, or the TOTP app.</summary>
    public static IReadOnlyList<UserMfaDeviceResource> Of(UserRecord user) =>
        user.ProtectedTotpSecret is null
            ? []
            // Users imported before enrollment times were recorded got their key when they were created.
            : [new UserMfaDeviceResource(TotpId, TotpType, user.TotpEnrolledAt ?? user.CreatedAt)];
}

/// <summary>
/// The answer to enrolling a TOTP device: the device, and what the user's authenticator app needs — the key as
/// Base32 for typing in, the <c>otpauth://</c> URI and that URI as a QR code (a PNG data URI). Shown once.
/// </summary>
public sealed record UserTotpEnrollment(
    string Id,
    string Type,
    DateTimeOffset CreatedAt,
    string Secret,
    string OtpauthUri,
    string QrCode)
{
    public static UserTotpEnrollment Of(DateTimeOffset createdAt, string issuer, string username, byte[] key)
    {
        var secret = TotpKeys.Encode(key);
        var uri = TotpKeys.EnrollmentUri(issuer, username, secret);
        return new(UserMfaDeviceResource.TotpId, UserMfaDeviceResource.TotpType, createdAt, secret, uri, TotpQrCodes.PngDataUri(uri));
    }
}
