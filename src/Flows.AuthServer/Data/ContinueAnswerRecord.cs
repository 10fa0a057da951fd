namespace Flows.AuthServer.Data;

/// <summary>
/// An outside application's answer token already used to continue a flow, kept until it expires so that it is
/// never accepted twice (its jti is a one-time value). Shared by every node through the database.
/// </summary>
public sealed class ContinueAnswerRecord
{
    public required string EnvironmentId { get; init; }

    /// <summary>The SHA-256 of the token's jti, hex.</summary>
    public required string TokenIdHash { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
