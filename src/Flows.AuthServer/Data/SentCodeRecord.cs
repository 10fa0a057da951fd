namespace Flows.AuthServer.Data;

/// <summary>
/// The one-time code last sent for a flow's step, as a salted hash only; a right answer deletes the row, so each code
/// works once, and a new code replaces the row.
/// </summary>
public sealed class SentCodeRecord
{
    public required string EnvironmentId { get; init; }

    public required string FlowInstanceId { get; init; }

    public required string NodeId { get; init; }

    public required string UserId { get; init; }

    /// <summary>SHA-256 of the salt and the code, as hex.</summary>
    public required string CodeHash { get; set; }

    /// <summary>32 random bytes as hex, new with each code.</summary>
    public required string Salt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
