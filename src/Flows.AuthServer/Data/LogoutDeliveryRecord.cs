namespace Flows.AuthServer.Data;

/// <summary>
/// One back-channel logout notification still to be delivered (the outbox): what the logout token will say and where
/// it goes. The token is signed at each attempt, so no signed token waits in the database.
/// </summary>
public sealed class LogoutDeliveryRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The application's <c>backchannel_logout_uri</c> when the session ended.</summary>
    public required string Uri { get; init; }

    /// <summary>The environment's issuer as the signing-off browser saw it.</summary>
    public required string Issuer { get; init; }

    public required string Subject { get; init; }

    /// <summary>The <c>sid</c> of the ended session.</summary>
    public required string SessionId { get; init; }

    /// <summary>The token's <c>jti</c>, the same at every attempt, so a receiver can tell a repeat.</summary>
    public required string TokenId { get; init; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a dispatcher may try next; a dispatcher moves it ahead while it holds the delivery.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
}
