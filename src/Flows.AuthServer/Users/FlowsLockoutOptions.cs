namespace Flows.AuthServer.Users;

/// <summary>When wrong passwords, or wrong one-time codes, lock them, and for how long: configuration section <c>Flows:Lockout</c>.</summary>
public sealed class FlowsLockoutOptions
{
    public const string Section = "Flows:Lockout";

    /// <summary>Wrong passwords in a row that lock the account (default 5).</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account refuses every password (default 15 minutes).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Wrong one-time codes in a row, over all flows, that lock the user's OTP factor (default 5). NIST SP 800-63B
    /// §5.2.2 allows at most 100; a 6-digit code accepted over three time steps needs far fewer.
    /// </summary>
    public int MaxFailedOtpAttempts { get; set; } = 5;

    /// <summary>How long a locked OTP factor refuses every code (default 15 minutes).</summary>
    public TimeSpan OtpDuration { get; set; } = TimeSpan.FromMinutes(15);
}
