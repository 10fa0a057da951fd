namespace Flows.Activities;

/// <summary>
/// The fields of a forgotten password: the body of <see cref="FlowActions.PasswordForgot"/> and, on the
/// <see cref="FlowStatuses.RecoveryCodeRequired"/> step, of <see cref="FlowActions.PasswordRecover"/>, and what that
/// step's prompt gives the UI. The prompt names no address: it is the same whether or not the username is a user's.
/// </summary>
public static class PasswordRecoveryFields
{
    /// <summary>The username whose password was forgotten; in the recovery prompt, as it was typed.</summary>
    public const string Username = "username";

    /// <summary>The code sent by e-mail.</summary>
    public const string RecoveryCode = "recoveryCode";

    /// <summary>The password replacing the forgotten one; it must meet the environment's password policy.</summary>
    public const string NewPassword = "newPassword";

    /// <summary>In the prompt only: how many more wrong codes this step takes.</summary>
    public const string RemainingAttempts = "remainingAttempts";

    /// <summary>In the prompt only: how many more times a code may be sent.</summary>
    public const string RemainingResends = "remainingResends";

    /// <summary>In the prompt only: when a new code may be asked for, ISO 8601.</summary>
    public const string ResendAllowedAt = "resendAllowedAt";
}
