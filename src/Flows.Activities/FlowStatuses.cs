namespace Flows.Activities;

/// <summary>The flow statuses clients see: the step a flow waits on, or how it ended (CONTRACT.md, flow orchestration API).</summary>
public static class FlowStatuses
{
    /// <summary>Asks for a username and password (<see cref="UsernamePasswordFields"/>).</summary>
    public const string UsernamePasswordRequired = "USERNAME_PASSWORD_REQUIRED";

    /// <summary>Identifier first: asks for the username (or e-mail) alone, to choose how the user signs in (<see cref="IdentifierFields"/>).</summary>
    public const string SignOnRequired = "SIGN_ON_REQUIRED";

    /// <summary>Asks the identified user for their current password and a new one (<see cref="MustChangePasswordFields"/>).</summary>
    public const string MustChangePassword = "MUST_CHANGE_PASSWORD";

    /// <summary>
    /// As <see cref="MustChangePassword"/>, because the password is older than the environment's maximum password age.
    /// </summary>
    public const string PasswordExpired = "PASSWORD_EXPIRED";

    /// <summary>Asks the identified user to accept the current version of an agreement (<see cref="AgreementFields"/>).</summary>
    public const string AgreementConsentRequired = "AGREEMENT_CONSENT_REQUIRED";

    /// <summary>Asks the identified user for profile attributes the environment's user schema describes (<see cref="ProfileFields"/>).</summary>
    public const string ProfileDataRequired = "PROFILE_DATA_REQUIRED";

    /// <summary>Self-service registration: asks for a username, an e-mail address, a password and the user schema's attributes (<see cref="RegistrationFields"/>).</summary>
    public const string RegistrationRequired = "REGISTRATION_REQUIRED";

    /// <summary>Asks for the code sent to the e-mail address being verified (<see cref="VerificationFields"/>).</summary>
    public const string VerificationCodeRequired = "VERIFICATION_CODE_REQUIRED";

    /// <summary>
    /// A forgotten password: asks for the code sent by e-mail and a new password (<see cref="PasswordRecoveryFields"/>).
    /// Shown whether or not the username is a user's.
    /// </summary>
    public const string RecoveryCodeRequired = "RECOVERY_CODE_REQUIRED";

    /// <summary>Asks for a code of the user's authenticator (<see cref="OtpFields"/>).</summary>
    public const string OtpRequired = "OTP_REQUIRED";

    /// <summary>The user has no authenticator yet: the prompt shows a new key and asks for a code from it (<see cref="OtpEnrollmentFields"/>).</summary>
    public const string OtpEnrollmentRequired = "OTP_ENROLLMENT_REQUIRED";

    /// <summary>The identified user registers a passkey: the prompt holds the WebAuthn creation options (<see cref="PasskeyFields"/>).</summary>
    public const string PasskeyRegistrationRequired = "PASSKEY_REGISTRATION_REQUIRED";

    /// <summary>Asks for a WebAuthn assertion: the prompt holds the request options (<see cref="PasskeyFields"/>).</summary>
    public const string AssertionRequired = "ASSERTION_REQUIRED";

    /// <summary>
    /// Asks for one of the user's MFA recovery codes instead of the second factor (<see cref="RecoveryCodeFields"/>);
    /// not PingOne's RECOVERY_CODE_REQUIRED, which is for a forgotten password.
    /// </summary>
    public const string MfaRecoveryCodeRequired = "MFA_RECOVERY_CODE_REQUIRED";

    /// <summary>Shows the user's new recovery codes, once, until the user says they kept them (<see cref="RecoveryCodeFields"/>).</summary>
    public const string MfaRecoveryCodesIssued = "MFA_RECOVERY_CODES_ISSUED";

    /// <summary>The user has several second-factor devices and picks the one to use (<see cref="DeviceSelectionFields"/>).</summary>
    public const string DeviceSelectionRequired = "DEVICE_SELECTION_REQUIRED";

    /// <summary>The user has no second factor and picks which kind to enrol (<see cref="EnrollmentSelectionFields"/>).</summary>
    public const string EnrollmentSelectionRequired = "MFA_ENROLLMENT_SELECTION_REQUIRED";

    /// <summary>
    /// Asks the identified user for an e-mail address to enrol (<see cref="ContactEnrollmentFields"/>); a code sent to it
    /// follows, at <see cref="OtpRequired"/>.
    /// </summary>
    public const string EmailEnrollmentRequired = "EMAIL_ENROLLMENT_REQUIRED";

    /// <summary>
    /// Asks the identified user for a phone number to enrol (<see cref="ContactEnrollmentFields"/>); a code sent to it by
    /// SMS follows, at <see cref="OtpRequired"/>.
    /// </summary>
    public const string SmsEnrollmentRequired = "SMS_ENROLLMENT_REQUIRED";

    /// <summary>Asks whether to remember this browser, so that its next sign-ins skip the second factor (<see cref="RememberDeviceFields"/>).</summary>
    public const string RememberDeviceRequired = "REMEMBER_DEVICE_REQUIRED";

    /// <summary>
    /// Asks the identified user whether a third-party application may have the scopes it asks for (<see cref="ConsentFields"/>).
    /// </summary>
    public const string ConsentRequired = "CONSENT_REQUIRED";

    /// <summary>
    /// Asks for the user code a device shows (RFC 8628 §3.3), on the verification page (<see cref="DeviceAuthorizationFields"/>).
    /// </summary>
    public const string DeviceUserCodeRequired = "DAG_USER_CODE_REQUIRED";

    /// <summary>Asks the signed-in user whether the device may have what its application asks for (<see cref="DeviceAuthorizationFields"/>).</summary>
    public const string DeviceConsentRequired = "DAG_CONSENT_REQUIRED";

    /// <summary>
    /// Waits for the browser to sign in at an upstream identity provider: it follows the <c>authenticate</c> link, and the
    /// provider's answer at the server's callback continues the flow (<see cref="ExternalAuthenticationFields"/>).
    /// </summary>
    public const string ExternalAuthenticationRequired = "EXTERNAL_AUTHENTICATION_REQUIRED";

    /// <summary>
    /// The upstream identity's verified e-mail is a local user's: that user proves the account with its password before
    /// it is linked (<see cref="UsernamePasswordFields"/>).
    /// </summary>
    public const string AccountLinkingRequired = "ACCOUNT_LINKING_REQUIRED";

    /// <summary>
    /// The user was sent to an outside application (<c>_links.redirect</c>); the flow waits until that application answers
    /// at <c>_links.continue</c> with a token signed by the environment's secret.
    /// </summary>
    public const string ExternalActionRequired = "EXTERNAL_ACTION_REQUIRED";

    /// <summary>The flow signed the user in; its resume URL answers the application.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>The flow ended without a user (denied, failed or cancelled).</summary>
    public const string Failed = "FAILED";
}
