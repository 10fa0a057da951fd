namespace Flows.AuthServer.Data;

/// <summary>
/// One unused MFA recovery code of a user, as a hash only; using the code deletes the row, so each works once.
/// </summary>
public sealed class RecoveryCodeRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string UserId { get; init; }

    /// <summary>SHA-256 of the user and the normalized code, as hex (<see cref="Users.RecoveryCodeHashing"/>).</summary>
    public required string CodeHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
