namespace Flows.Activities;

/// <summary>The <c>amr</c> values activities record (RFC 8176 §2).</summary>
public static class AuthenticationMethods
{
    public const string Password = "pwd";

    /// <summary>A one-time password: a TOTP code, or a single-use recovery code (a look-up secret, NIST SP 800-63B §5.1.2).</summary>
    public const string Otp = "otp";

    /// <summary>
    /// Confirmation by a code sent as an SMS text message to the user's registered number (RFC 8176 §2 <c>sms</c>);
    /// recorded with <see cref="Otp"/>, as the code is a one-time password.
    /// </summary>
    public const string Sms = "sms";

    /// <summary>
    /// Confirmation by a code sent to the user's registered e-mail address. RFC 8176 registers no value for it, so
    /// <see cref="Otp"/> is recorded too (what relying parties know); <c>email</c>, in the spirit of <c>sms</c>, lets
    /// a policy tell this weaker channel from an authenticator app.
    /// </summary>
    public const string Email = "email";

    /// <summary>Federated: an upstream identity provider authenticated the user and did not say how.</summary>
    public const string Federated = "fed";

    /// <summary>
    /// Proof of possession of a software-secured key: a passkey. With attestation <c>none</c> nothing proves that the
    /// key is hardware-bound (synced passkeys live in software keychains), so <c>hwk</c> would overstate it.
    /// </summary>
    public const string SoftwareKey = "swk";

    /// <summary>A user presence test: every WebAuthn ceremony has the authenticator's UP flag set.</summary>
    public const string UserPresence = "user";

    /// <summary>Multiple-factor authentication: recorded once a second factor succeeds.</summary>
    public const string MultiFactor = "mfa";
}
