namespace Flows.AuthServer.Users;

/// <summary>What creating a user takes; only the username is required.</summary>
public sealed record NewUser(string Username)
{
    /// <summary>The initial password, hashed on creation; without one the user cannot sign in with a password.</summary>
    public string? Password { get; init; }

    public string? Email { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>The key of an enrolled authenticator, as Base32; none enrolled when null.</summary>
    public string? TotpSecret { get; init; }

    public bool Enabled { get; init; } = true;

    public bool MustChangePassword { get; init; }

    /// <summary>Registered by its owner, its address not yet verified: purged unless verified in time (<see cref="Data.UserRecord.UnverifiedSince"/>).</summary>
    public bool Unverified { get; init; }
}
