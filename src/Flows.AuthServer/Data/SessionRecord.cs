namespace Flows.AuthServer.Data;

/// <summary>
/// A browser's session in an environment, identified by the ST cookie (stored hashed). It exists from the
/// first flow on and is authenticated once a flow completes.
/// </summary>
public sealed class SessionRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    /// <summary>SHA-256 of the session token, hex; the token itself is only in the cookie.</summary>
    public required string TokenHash { get; init; }

    public string? UserId { get; set; }

    public DateTimeOffset? AuthenticatedAt { get; set; }

    public List<string> Amr { get; set; } = [];

    public string? Acr { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public bool IsAuthenticated => UserId is not null && AuthenticatedAt is not null && EndedAt is null;
}
