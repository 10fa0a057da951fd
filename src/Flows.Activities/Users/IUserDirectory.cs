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

    /// <summary>Replaces a password the user knows; clears the must-change flag.</summary>
    Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, CancellationToken cancellationToken);

    /// <summary>The raw TOTP key of the user's enrolled device, or null when none is enrolled.</summary>
    Task<byte[]?> GetTotpSecretAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a TOTP key the user has just confirmed with a code, unless the user has one already (false then,
    /// or when the user is gone). The code's time step counts as used, so it cannot sign in again (RFC 6238 §5.2).
    /// </summary>
    Task<bool> TryEnrollTotpAsync(
        string environmentId, string userId, byte[] secret, long confirmedTimeStep, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the TOTP time step was used. False when that step, or a later one, was used before:
    /// a code must not be accepted twice (RFC 6238 §5.2).
    /// </summary>
    Task<bool> TryConsumeTotpTimeStepAsync(string environmentId, string userId, long timeStep, CancellationToken cancellationToken);
}
