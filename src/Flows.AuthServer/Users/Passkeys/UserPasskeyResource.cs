using Flows.AuthServer.Data;

namespace Flows.AuthServer.Users.Passkeys;

/// <summary>A user's passkey as <c>/v1/…/users/{id}/passkeys</c> shows it: never its key, only what tells passkeys apart.</summary>
public sealed record UserPasskeyResource(
    string Id, string CredentialId, Guid AaGuid, IReadOnlyList<string> Transports, bool BackupEligible,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
{
    public static UserPasskeyResource Of(PasskeyCredentialRecord passkey) => new(
        passkey.Id, passkey.CredentialId, passkey.AaGuid,
        passkey.Transports?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
        passkey.BackupEligible, passkey.CreatedAt, passkey.LastUsedAt);
}
