namespace Flows.AuthServer.Users;

/// <summary>When wrong passwords lock an account, and for how long: configuration section <c>Flows:Lockout</c>.</summary>
public sealed class FlowsLockoutOptions
{
    public const string Section = "Flows:Lockout";

    /// <summary>Wrong passwords in a row that lock the account (default 5).</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account refuses every password (default 15 minutes).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
