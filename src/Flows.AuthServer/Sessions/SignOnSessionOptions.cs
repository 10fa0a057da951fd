namespace Flows.AuthServer.Sessions;

/// <summary>Session settings: configuration section <c>Flows:Sessions</c>.</summary>
public sealed class SignOnSessionOptions
{
    public const string Section = "Flows:Sessions";

    /// <summary>How long a session lasts from its start, whatever its use (default 8 hours).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}
