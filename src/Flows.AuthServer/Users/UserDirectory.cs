using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.Engine.Instances;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users;

/// <summary>
/// The users the flows' activities see: the environment's users in the server's database, with hashed
/// passwords, lockout of passwords and of one-time codes, and protected TOTP keys.
/// </summary>
public sealed class UserDirectory(
    ServerDbContext db,
    PasswordHashing hashing,
    PasswordPolicy policy,
    UserLockout lockout,
    OtpLockout otpLockout,
    UserSignOut signOut,
    IFlowInstanceStore flowInstances,
    TotpSecretProtector totpSecrets,
    PasswordAge passwordAge,
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
            await hashing.SpendOneVerificationAsync(password, cancellationToken);
            return new PasswordCheck(PasswordCheckResult.InvalidCredentials, null);
        }

        var verification = await VerifyCountedAsync(user, hash, password, cancellationToken);
        if (verification == CountedVerification.Locked)
        {
            return new PasswordCheck(PasswordCheckResult.LockedOut, ToDirectoryUser(user));
        }

        if (verification == CountedVerification.Wrong)
        {
            return new PasswordCheck(PasswordCheckResult.InvalidCredentials, null);
        }

        if (verification == CountedVerification.RightRehashNeeded)
        {
            await ReplaceHashAsync(user, hash, password, clearMustChangePassword: false, cancellationToken);
        }

        // Account state is told only to someone who knows the password: to anyone else a disabled account
        // looks like any account with a wrong password.
        var result = !user.Enabled ? PasswordCheckResult.Disabled
            : user.MustChangePassword ? PasswordCheckResult.MustChangePassword
            : await passwordAge.HasExpiredAsync(user, cancellationToken) ? PasswordCheckResult.PasswordExpired
            : PasswordCheckResult.Success;
        return new PasswordCheck(result, ToDirectoryUser(user));
    }

    public async Task<PasswordChangeResult> ChangePasswordAsync(
        string environmentId, string userId, string currentPassword, string newPassword, string flowInstanceId,
        CancellationToken cancellationToken)
    {
        // The current password is counted like any other, whichever step asks for it.
        var user = await FindRecordAsync(environmentId, userId, cancellationToken);
        if (user?.PasswordHash is not { } hash
            || await VerifyCountedAsync(user, hash, currentPassword, cancellationToken) is CountedVerification.Wrong or CountedVerification.Locked)
        {
            return PasswordChangeResult.InvalidCurrentPassword;
        }

        // Keeping the same password would defeat a required change.
        if (policy.FindProblem(user.Username, newPassword) is not null || newPassword == currentPassword)
        {
            return PasswordChangeResult.TooWeak;
        }

        if (!await ReplaceHashAsync(user, hash, newPassword, clearMustChangePassword: true, cancellationToken))
        {
            return PasswordChangeResult.InvalidCurrentPassword;
        }

        // Whoever signed in with the old password is signed out, but for the session the change is made in (a
        // step-up runs in a session of the user): it signs in with the new password when the flow completes.
        var changingSession = (await flowInstances.FindAsync(flowInstanceId, CancellationToken.None))?.SessionTokenHash;
        await signOut.EndEverywhereAsync(environmentId, userId, changingSession);
        return PasswordChangeResult.Success;
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

    public Task<bool> TryReserveOtpAttemptAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        otpLockout.TryReserveAttemptAsync(environmentId, userId, cancellationToken);

    public Task<bool> RecordOtpFailureAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        otpLockout.RecordFailureAsync(environmentId, userId);

    // One conditional statement: of two requests with the same code, the database lets exactly one through.
    public Task<bool> TryConsumeTotpTimeStepAsync(string environmentId, string userId, long timeStep, CancellationToken cancellationToken) =>
        otpLockout.TryConsumeTimeStepAsync(environmentId, userId, timeStep);

    /// <summary>
    /// Verifies a password under the lockout. The attempt is counted before the (slow) verification, so parallel
    /// guesses cannot outrun the limit; a locked account is refused unverified, as Identity does, yet as slowly as a
    /// verified password, so that neither its answer nor its timing tells it from an unknown username. A right
    /// password is re-checked against the lock, which guesses verified alongside it may have set meanwhile.
    /// </summary>
    private async Task<CountedVerification> VerifyCountedAsync(UserRecord user, string hash, string password, CancellationToken cancellationToken)
    {
        if (!await lockout.TryReserveAttemptAsync(user, cancellationToken))
        {
            await hashing.SpendOneVerificationAsync(password, cancellationToken);
            return CountedVerification.Locked;
        }

        var verification = await hashing.VerifyAsync(user, hash, password, cancellationToken);
        if (verification == PasswordVerificationResult.Failed)
        {
            return await lockout.RecordFailureAsync(user) ? CountedVerification.Locked : CountedVerification.Wrong;
        }

        if (!await lockout.TryResetAsync(user))
        {
            return CountedVerification.Locked;
        }

        return verification == PasswordVerificationResult.SuccessRehashNeeded ? CountedVerification.RightRehashNeeded : CountedVerification.Right;
    }

    /// <summary>Stores a new hash unless the password changed meanwhile; false when it did.</summary>
    private async Task<bool> ReplaceHashAsync(
        UserRecord user, string currentHash, string password, bool clearMustChangePassword, CancellationToken cancellationToken)
    {
        var newHash = await hashing.HashAsync(user, password, cancellationToken);
        var now = clock.GetUtcNow();
        var replaced = await db.Users
            .Where(u => u.Id == user.Id && u.PasswordHash == currentHash)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(u => u.PasswordHash, newHash).SetProperty(u => u.UpdatedAt, now);
                if (clearMustChangePassword)
                {
                    // A password the user chose: its age starts now. A rehash keeps the password, and its age.
                    set.SetProperty(u => u.MustChangePassword, false).SetProperty(u => u.PasswordChangedAt, now);
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

    /// <summary>What a password verified under the lockout proved; <c>Locked</c> whether it was verified or not.</summary>
    private enum CountedVerification
    {
        Right,
        RightRehashNeeded,
        Wrong,
        Locked,
    }
}
