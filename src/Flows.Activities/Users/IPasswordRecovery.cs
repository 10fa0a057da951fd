namespace Flows.Activities.Users;

/// <summary>
/// How the recovery step reaches a user who forgot their password, by username: a code sent to the user's verified
/// e-mail address, kept only as a hash (one per flow step, used once, expiring), and the password it lets the user
/// choose. Nothing it answers before a right code tells whether the username is a user's.
/// </summary>
public interface IPasswordRecovery
{
    /// <summary>
    /// Sends a new code for the flow's step to the user named, if there is an enabled one with a verified e-mail address,
    /// replacing any earlier code of the step. Returns at once, the same for any username: the mail goes out after.
    /// </summary>
    ValueTask RequestCodeAsync(RecoveryCodeRequest request, CancellationToken cancellationToken);

    /// <summary>Why the password is refused as the user's new one ("must …"), or null when the policy accepts it.</summary>
    string? FindPasswordProblem(string username, string newPassword);

    /// <summary>
    /// Checks the step's code and, when it is right, replaces the password, resets the password lockout and signs the
    /// user out everywhere (sessions, tokens, remembered browsers) but in the session running the flow.
    /// </summary>
    Task<PasswordRecoveryResult> RecoverAsync(PasswordRecoveryAttempt attempt, CancellationToken cancellationToken);
}

/// <summary>A code to send for a flow's recovery step.</summary>
public sealed record RecoveryCodeRequest(
    string EnvironmentId, string Username, string FlowInstanceId, string NodeId, int Length, TimeSpan Lifetime);

/// <summary>A typed code and the password it should set.</summary>
public sealed record PasswordRecoveryAttempt(
    string EnvironmentId, string Username, string FlowInstanceId, string NodeId, string Code, string NewPassword);

/// <summary>What a recovery attempt did; <see cref="User"/> only when the password was replaced.</summary>
public sealed record PasswordRecoveryResult(PasswordRecoveryStatus Status, DirectoryUser? User = null);

/// <summary>The closed set of answers to a recovery attempt.</summary>
public enum PasswordRecoveryStatus
{
    /// <summary>The code was right: the password is replaced.</summary>
    Recovered,

    /// <summary>Not the step's code, one used before, or no code was sent (no such user).</summary>
    WrongCode,

    /// <summary>The step's code, too late.</summary>
    ExpiredCode,

    /// <summary>The user's one-time codes are locked after too many wrong ones.</summary>
    Locked,
}
