namespace Flows.AuthServer.Data;

/// <summary>A user of one environment, with the secrets and counters sign-in needs.</summary>
public sealed class UserRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string Username { get; set; }

    /// <summary>Upper-case invariant username: usernames are unique per environment regardless of case.</summary>
    public required string NormalizedUsername { get; set; }

    public string? Email { get; set; }

    public string? Name { get; set; }

    /// <summary>ASP.NET Core Identity's PBKDF2 hash; null for a user who cannot sign in with a password.</summary>
    public string? PasswordHash { get; set; }

    public bool Enabled { get; set; } = true;

    public bool MustChangePassword { get; set; }

    /// <summary>When the password was last set, for the environment's maximum password age; null: when the user was created.</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }

    public int AccessFailedCount { get; set; }

    public DateTimeOffset? LockoutEnd { get; set; }

    public List<string> Groups { get; set; } = [];

    public Dictionary<string, string> Attributes { get; set; } = [];

    /// <summary>The TOTP key, protected with ASP.NET Core Data Protection; null when no device is enrolled.</summary>
    public string? ProtectedTotpSecret { get; set; }

    /// <summary>When the TOTP device was enrolled; null when none is.</summary>
    public DateTimeOffset? TotpEnrolledAt { get; set; }

    /// <summary>The last TOTP time step accepted, so a code cannot be used twice.</summary>
    public long? LastTotpTimeStep { get; set; }

    /// <summary>One-time codes tried since the last right one, across all flows (those still being checked included).</summary>
    public int OtpFailedCount { get; set; }

    /// <summary>Until when one-time codes are refused after too many wrong ones; the password lockout is apart.</summary>
    public DateTimeOffset? OtpLockoutEnd { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// When the account registered itself, while its e-mail address is not yet verified; null for every other account
    /// (created by an administrator or an import, or verified). Such an account, still disabled past
    /// <c>Flows:Registration:UnverifiedLifetime</c>, is purged.
    /// </summary>
    public DateTimeOffset? UnverifiedSince { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
