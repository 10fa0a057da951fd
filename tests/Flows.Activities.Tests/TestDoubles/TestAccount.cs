namespace Flows.Activities.Tests.TestDoubles;

/// <summary>A user of <see cref="InMemoryUserDirectory"/>, with the secrets and counters a real store keeps.</summary>
public sealed class TestAccount
{
    public required string Id { get; init; }

    public required string Username { get; init; }

    public string EnvironmentId { get; init; } = ActivityTestHarness.EnvironmentId;

    public string Password { get; set; } = "";

    public bool Enabled { get; set; } = true;

    public bool MustChangePassword { get; set; }

    /// <summary>The password is older than the environment allows: the right one is answered as expired.</summary>
    public bool PasswordExpired { get; set; }

    public List<string> Groups { get; init; } = [];

    public Dictionary<string, string> Attributes { get; init; } = [];

    public byte[]? TotpSecret { get; set; }

    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedOutUntil { get; set; }

    public long? LastTotpTimeStep { get; set; }

    public int OtpFailedAttempts { get; set; }

    public DateTimeOffset? OtpLockedOutUntil { get; set; }
}
