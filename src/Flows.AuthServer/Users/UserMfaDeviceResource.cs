using Flows.AuthServer.Data;

namespace Flows.AuthServer.Users;

/// <summary>
/// An authenticator of a user as <c>/v1/…/users/{id}/mfaDevices</c> shows it. A user has at most one, the TOTP
/// app, so its id is its type. Its key appears only in the answer that enrolled it (<see cref="UserTotpEnrollment"/>).
/// </summary>
public sealed record UserMfaDeviceResource(string Id, string Type, DateTimeOffset CreatedAt)
{
    public const string TotpId = "totp";
    public const string TotpType = "TOTP";

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
