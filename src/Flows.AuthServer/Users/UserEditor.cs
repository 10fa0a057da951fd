using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users;

/// <summary>
/// Writes users: creates one (for imports and <see cref="UserService"/>), and changes one by a single conditional
/// statement each — a password, a lock, an authenticator — so that of two changes at once neither is half applied.
/// The rules, the ETags and the audit log are <see cref="UserService"/>'s.
/// </summary>
public sealed class UserEditor(
    ServerDbContext db,
    PasswordHashing hashing,
    PasswordPolicy policy,
    TotpSecretProtector totpSecrets,
    TimeProvider clock)
{
    /// <summary>
    /// Creates and stores the user, with whatever else the context holds unsaved (its audit entry); throws
    /// <see cref="UserException"/> and stores nothing of the user when it cannot.
    /// </summary>
    public async Task<UserRecord> CreateAsync(string environmentId, NewUser user, CancellationToken cancellationToken)
    {
        var totpKey = Validate(user);
        if (!await db.Environments.AnyAsync(e => e.Id == environmentId, cancellationToken))
        {
            throw new InvalidUserException($"Environment '{environmentId}' does not exist.");
        }

        var normalized = Usernames.Normalize(user.Username);
        if (await db.Users.AnyAsync(u => u.EnvironmentId == environmentId && u.NormalizedUsername == normalized, cancellationToken))
        {
            throw new DuplicateUsernameException(environmentId, user.Username);
        }

        var now = clock.GetUtcNow();
        var record = new UserRecord
        {
            Id = Guid.CreateVersion7().ToString("N"),
            EnvironmentId = environmentId,
            Username = user.Username,
            NormalizedUsername = normalized,
            Email = user.Email,
            Name = user.Name,
            Enabled = user.Enabled,
            MustChangePassword = user.MustChangePassword,
            Groups = user.Groups.ToList(),
            Attributes = new Dictionary<string, string>(user.Attributes),
            ProtectedTotpSecret = totpKey is null ? null : totpSecrets.Protect(totpKey),
            TotpEnrolledAt = totpKey is null ? null : now,
            CreatedAt = now,
            UpdatedAt = now,
            UnverifiedSince = user.Unverified ? now : null,
            PasswordChangedAt = user.Password is null ? null : now,
        };
        record.PasswordHash = user.Password is null ? null : await hashing.HashAsync(record, user.Password, cancellationToken);

        db.Users.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // The unique index has the last word when two requests create the same username at once.
            db.Entry(record).State = EntityState.Detached;
            if (await db.Users.AnyAsync(u => u.EnvironmentId == environmentId && u.NormalizedUsername == normalized, cancellationToken))
            {
                throw new DuplicateUsernameException(environmentId, user.Username, exception);
            }

            throw;
        }

        return record;
    }

    /// <summary>Replaces the password as an administrator does, without the current one; lockout and a required change stay as they are.</summary>
    public async Task<bool> SetPasswordAsync(UserRecord user, string password, CancellationToken cancellationToken)
    {
        var hash = await hashing.HashAsync(user, password, cancellationToken);
        var now = clock.GetUtcNow();
        return await Of(user.EnvironmentId, user.Id)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.PasswordHash, hash).SetProperty(u => u.PasswordChangedAt, now).SetProperty(u => u.UpdatedAt, now),
                cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        await Of(environmentId, userId).ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>Removes the user's sessions, ended or not; not cancellable, as it follows the user's deletion.</summary>
    public Task DeleteSessionsAsync(string environmentId, string userId) =>
        db.Sessions.Where(s => s.EnvironmentId == environmentId && s.UserId == userId).ExecuteDeleteAsync(CancellationToken.None);

    /// <summary>Ends both lockouts and their counts in one statement, as the lockout counts: a wrong password sent meanwhile is before or after it.</summary>
    public async Task<bool> UnlockAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await Of(environmentId, userId)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
                .SetProperty(u => u.OtpFailedCount, 0)
                .SetProperty(u => u.OtpLockoutEnd, (DateTimeOffset?)null)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken) == 1;
    }

    /// <summary>
    /// Stores <paramref name="key"/> only while the user has none: of two enrollments at once exactly one wins, and an
    /// enrolled key is replaced only by removing it first, never by accident. A new key starts a new count of time steps.
    /// </summary>
    public async Task<bool> EnrollTotpAsync(string environmentId, string userId, byte[] key, CancellationToken cancellationToken)
    {
        var protectedKey = totpSecrets.Protect(key);
        var now = clock.GetUtcNow();
        return await Of(environmentId, userId).Where(u => u.ProtectedTotpSecret == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.ProtectedTotpSecret, protectedKey)
                .SetProperty(u => u.TotpEnrolledAt, now)
                .SetProperty(u => u.LastTotpTimeStep, (long?)null)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken) == 1;
    }

    /// <summary>Removes the user's authenticator key; false when the user has none.</summary>
    public async Task<bool> RemoveTotpAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await Of(environmentId, userId).Where(u => u.ProtectedTotpSecret != null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(u => u.ProtectedTotpSecret, (string?)null)
                .SetProperty(u => u.TotpEnrolledAt, (DateTimeOffset?)null)
                .SetProperty(u => u.UpdatedAt, now), cancellationToken) == 1;
    }

    private IQueryable<UserRecord> Of(string environmentId, string userId) =>
        db.Users.Where(u => u.Id == userId && u.EnvironmentId == environmentId);

    /// <summary>Checks every value and returns the decoded TOTP key, if any.</summary>
    private byte[]? Validate(NewUser user)
    {
        if (!Usernames.IsValid(user.Username))
        {
            throw new InvalidUserException($"A username must be 1 to {Usernames.MaxLength} characters and not blank.");
        }

        if (user.Email?.Length > UserService.MaxTextLength || user.Name?.Length > UserService.MaxTextLength)
        {
            throw new InvalidUserException($"Email and name may have at most {UserService.MaxTextLength} characters.");
        }

        if (user.Password is not null && policy.FindProblem(user.Username, user.Password) is { } problem)
        {
            throw new InvalidUserException($"The password of '{user.Username}' {problem}.");
        }

        if (user.TotpSecret is null)
        {
            return null;
        }

        return TotpKeys.TryDecode(user.TotpSecret, out var key)
            ? key
            : throw new InvalidUserException(
                $"The TOTP secret of '{user.Username}' must be Base32 of at least {TotpKeys.MinimumBytes} bytes.");
    }
}
