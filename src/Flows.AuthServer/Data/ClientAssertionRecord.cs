namespace Flows.AuthServer.Data;

/// <summary>
/// A client assertion (private_key_jwt) already used, kept until it expires so that it is never accepted twice
/// (RFC 7523 §3 item 7, OIDC Core §9: the jti is a one-time value). Shared by every node through the database.
/// </summary>
public sealed class ClientAssertionRecord
{
    public required string EnvironmentId { get; init; }

    public required string ClientId { get; init; }

    /// <summary>The SHA-256 of the assertion's jti, hex: any jti the client chose fits, and none is kept as sent.</summary>
    public required string TokenIdHash { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
