namespace Flows.AuthServer.Data;

/// <summary>
/// A browser's session in an environment, identified by the ST cookie (stored hashed). It exists from the
/// first flow on, is authenticated once a flow completes, and records every flow it completed for its user.
/// </summary>
public sealed class SessionRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    /// <summary>SHA-256 of the session token, hex; the token itself is only in the cookie. Replaced on every sign-in.</summary>
    public required string TokenHash { get; set; }

    public string? UserId { get; set; }

    /// <summary>When the latest flow authenticated the user (with <see cref="Amr"/> and <see cref="Acr"/>, that flow's).</summary>
    public DateTimeOffset? AuthenticatedAt { get; set; }

    public List<string> Amr { get; set; } = [];

    public string? Acr { get; set; }

    /// <summary>Each flow version the session completed for <see cref="UserId"/>: SSO reuses the session only for these.</summary>
    public List<SessionProof> Proofs { get; set; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public bool IsAuthenticated => UserId is not null && AuthenticatedAt is not null && EndedAt is null;

    /// <summary>What the session proved by completing that flow version, if it did.</summary>
    public SessionProof? ProofOf(string flowId, int flowVersion) =>
        Proofs.LastOrDefault(proof => proof.FlowId == flowId && proof.FlowVersion == flowVersion);
}
