using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users;

/// <summary>Creates the users of an environment and sets their passwords, for imports and the management API.</summary>
public sealed class UserService(
    ServerDbContext db,
    PasswordHashing hashing,
    PasswordPolicy policy,
    TotpSecretProtector totpSecrets,
    UserSignOut signOut,
    TimeProvider clock)
{
    /// <summary>The length of the email and name columns.</summary>
    public const int MaxTextLength = 256;

    /// <summary>Creates and stores the user; throws <see cref="UserException"/> and stores nothing when it cannot.</summary>
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
        };
        record.PasswordHash = user.Password is null ? null : hashing.Hash(record, user.Password);

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

    /// <summary>
    /// Sets the user's password as an administrator does, without the current one, and signs the user out
    /// everywhere; false when the environment has no such user. The policy applies (<see cref="InvalidUserException"/>);
    /// lockout and a required change stay as they are.
    /// </summary>
    public async Task<bool> SetPasswordAsync(string environmentId, string userId, string password, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        if (policy.FindProblem(user.Username, password) is { } problem)
        {
            throw new InvalidUserException($"The password of '{user.Username}' {problem}.");
        }

        var hash = hashing.Hash(user, password);
        var now = clock.GetUtcNow();
        var updated = await db.Users
            .Where(u => u.Id == userId && u.EnvironmentId == environmentId)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, hash).SetProperty(u => u.UpdatedAt, now), cancellationToken);
        if (updated != 1)
        {
            return false;
        }

        // A reset is what an administrator does when the password may be known to someone else.
        await signOut.EndEverywhereAsync(environmentId, userId);
        return true;
    }

    /// <summary>Checks every value and returns the decoded TOTP key, if any.</summary>
    private byte[]? Validate(NewUser user)
    {
        if (!Usernames.IsValid(user.Username))
        {
            throw new InvalidUserException($"A username must be 1 to {Usernames.MaxLength} characters and not blank.");
        }

        if (user.Email?.Length > MaxTextLength || user.Name?.Length > MaxTextLength)
        {
            throw new InvalidUserException($"Email and name may have at most {MaxTextLength} characters.");
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
