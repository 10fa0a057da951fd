using Flows.AuthServer.Data;
using Flows.AuthServer.Protocol;

namespace Flows.AuthServer.SigningKeys;

/// <summary>
/// A signing key of an environment as <c>/v1/…/signingKeys</c> shows it: its <c>kid</c>, where it stands (next,
/// active, previous, retired), when it was made and began to sign, when it leaves the JWKS and when it is deleted.
/// Never its key material: relying parties read the public key from the JWKS.
/// </summary>
public sealed record SigningKeyResource(
    string Kid, string Status, DateTimeOffset CreatedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? RetireAfter, DateTimeOffset? DeleteAfter)
{
    /// <summary>The environment's signing keys at <paramref name="now"/>: next, active, previous, retired.</summary>
    public static IReadOnlyList<SigningKeyResource> Of(IEnumerable<SigningKeyRecord> records, DateTimeOffset now) =>
        EnvironmentKeySet.RolesOf(records.Where(k => k.Use == EnvironmentKeyStore.SigningUse), now)
            .Select(key => new SigningKeyResource(
                key.Record.Id, key.Role, key.Record.CreatedAt, key.Record.ActivatedAt, key.Record.RetireAfter, key.Record.DeleteAfter))
            .ToList();
}
