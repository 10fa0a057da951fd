namespace Flows.Activities;

/// <summary>
/// The actions a flow accepts, named as in CONTRACT.md without the <c>application/vnd.pingidentity.</c>
/// prefix and <c>+json</c> suffix of their content type.
/// </summary>
public static class FlowActions
{
    /// <summary>Body <c>{username, password}</c> (<see cref="UsernamePasswordFields"/>).</summary>
    public const string UsernamePasswordCheck = "usernamePassword.check";

    /// <summary>Body <c>{username}</c>: the identifier of the identifier-first step (<see cref="IdentifierFields"/>).</summary>
    public const string UserLookup = "user.lookup";

    /// <summary>Body <c>{attributes: {name: value}}</c>: profile values the step asked for (<see cref="ProfileFields"/>).</summary>
    public const string UserUpdate = "user.update";

    /// <summary>
    /// Body <c>{username, email, password, attributes}</c>: a new account (<see cref="RegistrationFields"/>); body <c>{}</c> on
    /// the identifier step: the user asks to register instead.
    /// </summary>
    public const string UserRegister = "user.register";

    /// <summary>Body <c>{verificationCode}</c>: the code sent to the e-mail address being verified (<see cref="VerificationFields"/>).</summary>
    public const string UserVerify = "user.verify";

    /// <summary>Body <c>{}</c>: sends a new verification code (<see cref="VerificationFields"/>).</summary>
    public const string UserSendVerificationCode = "user.sendVerificationCode";

    /// <summary>Body <c>{currentPassword, newPassword}</c> (<see cref="MustChangePasswordFields"/>).</summary>
    public const string PasswordReset = "password.reset";

    /// <summary>Body <c>{username}</c>: the user forgot the password; a recovery code is sent if the username is a user's (<see cref="PasswordRecoveryFields"/>).</summary>
    public const string PasswordForgot = "password.forgot";

    /// <summary>Body <c>{recoveryCode, newPassword}</c>: the code sent by e-mail and the password replacing the forgotten one (<see cref="PasswordRecoveryFields"/>).</summary>
    public const string PasswordRecover = "password.recover";

    /// <summary>Body <c>{}</c>: sends a new recovery code (<see cref="PasswordRecoveryFields"/>).</summary>
    public const string PasswordSendRecoveryCode = "password.sendRecoveryCode";

    /// <summary>Body <c>{otp}</c> (<see cref="OtpFields"/>).</summary>
    public const string OtpCheck = "otp.check";

    /// <summary>Body <c>{}</c>: sends a new code to the device an e-mail or SMS code went to (<see cref="MessagedCodeFields"/>).</summary>
    public const string OtpResend = "otp.resend";

    /// <summary>Body <c>{otp}</c>: a code from the authenticator being enrolled (<see cref="OtpEnrollmentFields"/>).</summary>
    public const string OtpEnroll = "otp.enroll";

    /// <summary>Body <c>{attestation}</c>: the browser's answer to <c>navigator.credentials.create</c> (<see cref="PasskeyFields"/>).</summary>
    public const string PasskeyRegister = "passkey.register";

    /// <summary>Body <c>{assertion}</c>: the browser's answer to <c>navigator.credentials.get</c> (<see cref="PasskeyFields"/>).</summary>
    public const string AssertionCheck = "assertion.check";

    /// <summary>Body <c>{}</c>: the user has no passkey at hand and will enter a recovery code instead.</summary>
    public const string RecoveryCodeUse = "recoveryCode.use";

    /// <summary>Body <c>{recoveryCode}</c> (<see cref="RecoveryCodeFields"/>).</summary>
    public const string RecoveryCodeCheck = "recoveryCode.check";

    /// <summary>Body <c>{}</c>: the user kept the recovery codes shown (<see cref="RecoveryCodeFields"/>).</summary>
    public const string RecoveryCodesAcknowledge = "recoveryCodes.acknowledge";

    /// <summary>Body <c>{device: {id}}</c>: one of the devices the prompt lists (<see cref="DeviceSelectionFields"/>).</summary>
    public const string DeviceSelect = "device.select";

    /// <summary>Body <c>{type}</c>: the kind of second factor to enrol, one the prompt offers (<see cref="EnrollmentSelectionFields"/>).</summary>
    public const string EnrollmentSelect = "enrollment.select";

    /// <summary>Body <c>{email}</c>: the address to enrol, or at its code step another one (<see cref="ContactEnrollmentFields"/>).</summary>
    public const string EmailEnroll = "email.enroll";

    /// <summary>Body <c>{phone}</c>: the number to enrol, or at its code step another one (<see cref="ContactEnrollmentFields"/>).</summary>
    public const string SmsEnroll = "sms.enroll";

    /// <summary>Body <c>{remember}</c>: true to remember this browser for the prompt's days (<see cref="RememberDeviceFields"/>).</summary>
    public const string DeviceRemember = "device.remember";

    /// <summary>
    /// Body <c>{accept}</c>: allows or refuses what a third-party application asks for (<see cref="ConsentFields"/>), or
    /// accepts or declines an agreement (<see cref="AgreementFields"/>).
    /// </summary>
    public const string UserConsent = "user.consent";

    /// <summary>Body <c>{userCode}</c>: the code the device shows (<see cref="DeviceAuthorizationFields"/>).</summary>
    public const string DeviceUserCodeVerify = "deviceAuthGrant.userCode.verify";

    /// <summary>Body <c>{accept}</c>: allows or refuses the device what its application asks for (<see cref="DeviceAuthorizationFields"/>).</summary>
    public const string DeviceConsent = "deviceAuthGrant.consent";

    /// <summary>
    /// Never posted by a client: its link sends the browser to the identity provider, and only the server's callback runs
    /// it, with what the provider answered (<see cref="ExternalAuthenticationFields"/>).
    /// </summary>
    public const string Authenticate = "authenticate";

    /// <summary>
    /// An outside application's verified answer (<see cref="Outbound.ApplicationAnswerFields"/>). Only the server's continue
    /// endpoint runs it, after checking the answer's token; the flow API refuses it.
    /// </summary>
    public const string ExternalContinue = "external.continue";

    /// <summary>Body <c>{}</c>: starts the flow over. Every waiting flow accepts it, whatever its step.</summary>
    public const string SessionReset = "session.reset";
}
