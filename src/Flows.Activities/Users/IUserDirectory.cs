namespace Flows.Activities.Users;

/// <summary>
/// How activities reach the users of an environment. The server implements it over its user store
/// (hashing, lockout, protected TOTP secrets); tests use an in-memory one.
/// </summary>
public interface IUserDirectory
{
    Task<DirectoryUser?> FindByIdAsync(string environmentId, string userId, CancellationToken cancellationToken);

    Task<DirectoryUser?> FindByUsernameAsync(string environmentId, string username, CancellationToken cancellationToken);

    /// <summary>Verifies a password; a wrong one counts toward lockout, a right one resets the count.</summary>
    Task<PasswordCheck> CheckPasswordAsync(string environmentId, string username, string password, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a password the user knows, in the flow <paramref name="flowInstanceId"/>; clears the must-change flag.
    /// The user is signed out everywhere but in the session that runs that flow.
    /// </summary>
    Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, string flowInstanceId,
        CancellationToken cancellationToken);

    /// <summary>The raw TOTP key of the user's enrolled device, or null when none is enrolled.</summary>
    Task<byte[]?> GetTotpSecretAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a TOTP key the user has just confirmed with a code, unless the user has one already (false then,
    /// or when the user is gone). The code's time step counts as used, so it cannot sign in again (RFC 6238 §5.2).
    /// </summary>
    Task<bool> TryEnrollTotpAsync(
        string environmentId, string userId, byte[] secret, long confirmedTimeStep, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one one-time code of the user before it is checked: failures count per user, over all flows
    /// (NIST SP 800-63B §5.2.2). False while the user's OTP factor is locked: the code must be refused unchecked.
    /// </summary>
    Task<bool> TryReserveOtpAttemptAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>The reserved code was wrong (or replayed); true when that locked the user's OTP factor.</summary>
    Task<bool> RecordOtpFailureAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the TOTP time step was used, and starts the count of wrong codes afresh. False when that step,
    /// or a later one, was used before: a code must not be accepted twice (RFC 6238 §5.2); false too when the
    /// OTP factor got locked while the code was checked.
    /// </summary>
    Task<bool> TryConsumeTotpTimeStepAsync(string environmentId, string userId, long timeStep, CancellationToken cancellationToken);
}
