namespace Flows.Activities;

/// <summary>
/// The fields of the <see cref="FlowStatuses.OtpEnrollmentRequired"/> step: the body of
/// <see cref="FlowActions.OtpEnroll"/> and the new key the prompt shows.
/// </summary>
public static class OtpEnrollmentFields
{
    /// <summary>A code from the authenticator being enrolled.</summary>
    public const string Code = "otp";

    /// <summary>In the prompt: the new key's <c>otpauth://</c> URI, what a QR code holds.</summary>
    public const string OtpauthUri = "otpauthUri";

    /// <summary>In the prompt: the new key as Base32, for typing into an app.</summary>
    public const string Secret = "secret";

    /// <summary>In the prompt: the issuer the app lists the key under.</summary>
    public const string Issuer = "issuer";

    /// <summary>In the prompt: the account the app lists the key under.</summary>
    public const string Account = "account";

    /// <summary>In the prompt: how many more codes the user may try.</summary>
    public const string RemainingAttempts = "remainingAttempts";
}
