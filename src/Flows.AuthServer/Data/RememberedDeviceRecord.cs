namespace Flows.AuthServer.Data;

/// <summary>
/// A browser a user asked to be remembered on after a second factor: only the hash of the random id its cookie
/// carries is stored, so a database copy names no cookie, and deleting the row forgets the browser on every node.
/// </summary>
public sealed class RememberedDeviceRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string UserId { get; init; }

    /// <summary>SHA-256 of the environment, the user and the cookie's random id, as hex.</summary>
    public required string TokenHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
