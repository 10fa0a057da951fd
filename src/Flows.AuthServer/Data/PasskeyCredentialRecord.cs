namespace Flows.AuthServer.Data;

/// <summary>
/// A user's passkey: a WebAuthn credential registered in a flow (a credential record, WebAuthn §4). Only its public key
/// is stored; its signature counter moves on with every assertion and never goes back.
/// </summary>
public sealed class PasskeyCredentialRecord
{
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    public required string UserId { get; init; }

    /// <summary>The credential id as base64url, unique in the environment: how an assertion names its passkey.</summary>
    public required string CredentialId { get; init; }

    /// <summary>The credential public key, COSE-encoded (RFC 9052).</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The user handle the passkey was created with (<c>user.id</c>): what a passwordless assertion returns.</summary>
    public required byte[] UserHandle { get; init; }

    public long SignCount { get; set; }

    /// <summary>The transports the browser reported, comma-separated (hints for later requests).</summary>
    public string? Transports { get; init; }

    /// <summary>The authenticator model's AAGUID; all zeros with attestation <c>none</c> from many authenticators.</summary>
    public Guid AaGuid { get; init; }

    public bool BackupEligible { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
