namespace Flows.AuthServer.Data;

/// <summary>
/// An application that took part in a session: the authorization endpoint issued it a code or tokens for the
/// session's user. Sign-off notifies exactly these (OpenID Connect Back-Channel and Front-Channel Logout 1.0).
/// </summary>
public sealed class SessionParticipantRecord
{
    public required string SessionId { get; init; }

    public required string EnvironmentId { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The user the application was told about (the <c>sub</c> of its tokens).</summary>
    public required string Subject { get; set; }

    public DateTimeOffset JoinedAt { get; init; }
}
