using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users;

/// <summary>
/// The users the flows' activities see: the environment's users in the server's database, with hashed
/// passwords, lockout and protected TOTP keys.
/// </summary>
public sealed class UserDirectory(
    ServerDbContext db,
    PasswordHashing hashing,
    PasswordPolicy policy,
    UserLockout lockout,
    TotpSecretProtector totpSecrets,
    TimeProvider clock) : IUserDirectory
{
    public async Task<DirectoryUser?> FindByIdAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        await FindRecordAsync(environmentId, userId, cancellationToken) is { } user ? ToDirectoryUser(user) : null;

    public async Task<DirectoryUser?> FindByUsernameAsync(string environmentId, string username, CancellationToken cancellationToken) =>
        await FindRecordByUsernameAsync(environmentId, username, cancellationToken) is { } user ? ToDirectoryUser(user) : null;

    public async Task<PasswordCheck> CheckPasswordAsync(
        string environmentId, string username, string password, CancellationToken cancellationToken)
    {
        var user = await FindRecordByUsernameAsync(environmentId, username, cancellationToken);
        if (user?.PasswordHash is not { } hash)
        {
            // As slow as a real check: the response time must not tell whether the username exists.
            hashing.SpendOneVerification(password);
            return new PasswordCheck(PasswordCheckResult.InvalidCredentials, null);
        }

        // As Identity does, a locked account is refused without verifying: guessing must not go on meanwhile.
        if (lockout.IsLockedOut(user))
        {
            return new PasswordCheck(PasswordCheckResult.LockedOut, ToDirectoryUser(user));
        }

        var verification = hashing.Verify(user, hash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            return await lockout.RecordFailureAsync(user, cancellationToken)
                ? new PasswordCheck(PasswordCheckResult.LockedOut, ToDirectoryUser(user))
                : new PasswordCheck(PasswordCheckResult.InvalidCredentials, null);
        }

        await lockout.ResetAsync(user, cancellationToken);
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await ReplaceHashAsync(user, hash, password, clearMustChangePassword: false, cancellationToken);
        }

        // Account state is told only to someone who knows the password: to anyone else a disabled account
        // looks like any account with a wrong password.
        var result = !user.Enabled ? PasswordCheckResult.Disabled
            : user.MustChangePassword ? PasswordCheckResult.MustChangePassword
            : PasswordCheckResult.Success;
        return new PasswordCheck(result, ToDirectoryUser(user));
    }

    public async Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        var user = await FindRecordAsync(environmentId, userId, cancellationToken);
        if (user?.PasswordHash is not { } hash || hashing.Verify(user, hash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return PasswordChangeResult.InvalidCurrentPassword;
        }

        // Keeping the same password would defeat a required change.
        if (policy.FindProblem(user.Username, newPassword) is not null || newPassword == currentPassword)
        {
            return PasswordChangeResult.TooWeak;
        }

        return await ReplaceHashAsync(user, hash, newPassword, clearMustChangePassword: true, cancellationToken)
            ? PasswordChangeResult.Success
            : PasswordChangeResult.InvalidCurrentPassword;
    }

    public async Task<byte[]?> GetTotpSecretAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        await FindRecordAsync(environmentId, userId, cancellationToken) is { ProtectedTotpSecret: { } protectedKey }
            ? totpSecrets.Unprotect(protectedKey)
            : null;

    public async Task<bool> TryEnrollTotpAsync(
        string environmentId, string userId, byte[] secret, long confirmedTimeStep, CancellationToken cancellationToken)
    {
        // One conditional statement, as the management API's enrollment: a key is never replaced by accident,
        // and of two enrollments at once exactly one wins.
        var protectedKey = totpSecrets.Protect(secret);
        var now = clock.GetUtcNow();
        var enrolled = await db.Users
            .Where(u => u.Id == userId && u.EnvironmentId == environmentId && u.ProtectedTotpSecret == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.ProtectedTotpSecret, protectedKey)
                .SetProperty(u => u.TotpEnrolledAt, now)
                .SetProperty(u => u.LastTotpTimeStep, confirmedTimeStep)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken);
        return enrolled == 1;
    }

    public async Task<bool> TryConsumeTotpTimeStepAsync(
        string environmentId, string userId, long timeStep, CancellationToken cancellationToken)
    {
        // One conditional statement: of two requests with the same code, the database lets exactly one through.
        var consumed = await db.Users
            .Where(u => u.Id == userId && u.EnvironmentId == environmentId
                && (u.LastTotpTimeStep == null || u.LastTotpTimeStep < timeStep))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.LastTotpTimeStep, timeStep), cancellationToken);
        return consumed == 1;
    }

    /// <summary>Stores a new hash unless the password changed meanwhile; false when it did.</summary>
    private async Task<bool> ReplaceHashAsync(
        UserRecord user, string currentHash, string password, bool clearMustChangePassword, CancellationToken cancellationToken)
    {
        var newHash = hashing.Hash(user, password);
        var now = clock.GetUtcNow();
        var replaced = await db.Users
            .Where(u => u.Id == user.Id && u.PasswordHash == currentHash)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(u => u.PasswordHash, newHash).SetProperty(u => u.UpdatedAt, now);
                if (clearMustChangePassword)
                {
                    set.SetProperty(u => u.MustChangePassword, false);
                }
            }, cancellationToken);
        return replaced == 1;
    }

    private Task<UserRecord?> FindRecordAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken);

    private Task<UserRecord?> FindRecordByUsernameAsync(string environmentId, string username, CancellationToken cancellationToken)
    {
        var normalized = Usernames.Normalize(username);
        return db.Users.AsNoTracking()
            .FirstOrDefaultAsync(u => u.EnvironmentId == environmentId && u.NormalizedUsername == normalized, cancellationToken);
    }

    private static DirectoryUser ToDirectoryUser(UserRecord user) => new(
        user.Id,
        user.Username,
        user.Enabled,
        user.Groups.ToList(),
        new Dictionary<string, string>(user.Attributes),
        HasOtpDevice: user.ProtectedTotpSecret is not null,
        user.Email,
        user.Name);
}
