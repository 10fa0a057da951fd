namespace Flows.Activities;

/// <summary>The error codes activities put on a prompt after a failed attempt, or on a flow that ends without a user.</summary>
public static class FlowErrorCodes
{
    /// <summary>The action's body lacks a field the step needs.</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>Wrong username or password; deliberately says neither which, nor whether the user exists.</summary>
    public const string InvalidCredentials = "INVALID_CREDENTIALS";

    public const string InvalidCurrentPassword = "INVALID_CURRENT_PASSWORD";

    public const string PasswordTooWeak = "PASSWORD_TOO_WEAK";

    /// <summary>A wrong, expired or already used one-time password: the client cannot tell these apart.</summary>
    public const string InvalidOtp = "INVALID_OTP";

    /// <summary>The sent code was right but too late: a new one must be sent. Told only to someone who typed the right code.</summary>
    public const string ExpiredOtp = "EXPIRED_OTP";

    /// <summary>No code could be sent to the user's device just now (the mail or SMS service failed); the flow is as it was.</summary>
    public const string CodeNotSent = "CODE_NOT_SENT";

    /// <summary>Another code was asked for too soon after the last one, or after the last one the step allows.</summary>
    public const string ResendNotAllowed = "RESEND_NOT_ALLOWED";

    /// <summary>A user code that names no waiting device: mistyped, already used, or of another environment.</summary>
    public const string InvalidUserCode = "INVALID_USER_CODE";

    /// <summary>A user code whose device request expired (RFC 8628 §3.2 expires_in): the device must start again.</summary>
    public const string ExpiredUserCode = "EXPIRED_USER_CODE";

    /// <summary>
    /// A WebAuthn response that is not genuine for this step: another challenge or origin, a bad signature, an unknown
    /// credential, a signature counter that went back. Refused without changing the flow.
    /// </summary>
    public const string InvalidPasskey = "INVALID_PASSKEY";

    /// <summary>A wrong or already used recovery code.</summary>
    public const string InvalidRecoveryCode = "INVALID_RECOVERY_CODE";

    /// <summary>The flow reached a step that needs a user before any step identified one (a flow design error).</summary>
    public const string UserNotIdentified = "USER_NOT_IDENTIFIED";

    /// <summary>The flow reached its sign-in step without authenticating the user (a flow design error).</summary>
    public const string UserNotAuthenticated = "USER_NOT_AUTHENTICATED";

    /// <summary>The account was disabled or removed while the flow ran.</summary>
    public const string UserDisabled = "USER_DISABLED";

    /// <summary>The default code of a <see cref="Deny"/> step.</summary>
    public const string AccessDenied = "ACCESS_DENIED";

    /// <summary>A flow step names an agreement the environment does not have, or one without a version.</summary>
    public const string AgreementNotFound = "AGREEMENT_NOT_FOUND";

    /// <summary>A profile value does not fit the environment's user schema; the step lists the problem of each.</summary>
    public const string InvalidValue = "INVALID_VALUE";
}
