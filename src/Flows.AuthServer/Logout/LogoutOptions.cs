namespace Flows.AuthServer.Logout;

/// <summary>Back-channel logout delivery settings: configuration section <c>Flows:Logout</c>.</summary>
public sealed class LogoutOptions
{
    public const string Section = "Flows:Logout";

    /// <summary>How many times a logout token is sent before the delivery is given up (default 8).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; each later one doubles it (default 10 seconds).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts (default 1 hour).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one POST may take before it counts as failed (default 10 seconds).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the outbox is looked at without a sign-off on this node (default 15 seconds).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a logout token is valid (Back-Channel Logout 1.0 §2.4 recommends at most two minutes).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the sign-off page waits for the front-channel iframes before it moves on (default 5 seconds).</summary>
    public TimeSpan FrontchannelTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after <paramref name="attempt"/> failed ones.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(FirstRetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
    }
}
