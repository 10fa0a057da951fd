using Flows.AuthServer.Data;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// An environment's keys as one node read them at <see cref="ReadAt"/>: the one that signs, the ones the JWKS
/// publishes (active, next, previous), the ones tokens are validated with (those and the retired ones kept for the
/// server's own tokens) and the encryption key. <see cref="Version"/> names the set: equal versions, same keys.
/// </summary>
public sealed class EnvironmentKeySet
{
    private EnvironmentKeySet(string version, RsaSecurityKey active, IReadOnlyList<RsaSecurityKey> published,
        IReadOnlyList<RsaSecurityKey> validating, RsaSecurityKey encryption, DateTimeOffset readAt)
    {
        Version = version;
        Active = active;
        Published = published;
        Validating = validating;
        Encryption = encryption;
        ReadAt = readAt;
    }

    public string Version { get; }

    /// <summary>The key that signs every new token.</summary>
    public RsaSecurityKey Active { get; }

    /// <summary>The keys of the JWKS, the active one first.</summary>
    public IReadOnlyList<RsaSecurityKey> Published { get; }

    /// <summary>Every key a token of this environment may be signed with.</summary>
    public IReadOnlyList<RsaSecurityKey> Validating { get; }

    public RsaSecurityKey Encryption { get; }

    public DateTimeOffset ReadAt { get; }

    /// <summary>The validating key named <paramref name="kid"/>, if this set has it.</summary>
    public RsaSecurityKey? Find(string kid) => Validating.FirstOrDefault(key => key.KeyId == kid);

    /// <summary>The same keys, read again at <paramref name="readAt"/>.</summary>
    public EnvironmentKeySet ReadAgain(DateTimeOffset readAt) => new(Version, Active, Published, Validating, Encryption, readAt);

    /// <summary>
    /// The role each of <paramref name="records"/> plays at <paramref name="now"/>, the active signing key first; keys
    /// past their delete-after play none.
    /// </summary>
    public static IReadOnlyList<(SigningKeyRecord Record, string Role)> RolesOf(IEnumerable<SigningKeyRecord> records, DateTimeOffset now) =>
        records
            .Select(record => (Record: record, Role: RoleOf(record, now)))
            .Where(key => key.Role is not null)
            .OrderBy(key => key.Record.Use == EnvironmentKeyStore.SigningUse ? 0 : 1)
            .ThenBy(key => Array.IndexOf(RoleOrder, key.Role))
            .ThenByDescending(key => key.Record.CreatedAt)
            .Select(key => (key.Record, key.Role!))
            .ToList();

    /// <summary>The version of the set <paramref name="roles"/> make.</summary>
    public static string VersionOf(IEnumerable<(SigningKeyRecord Record, string Role)> roles) =>
        string.Join(',', roles.Select(key => $"{key.Record.Id}:{key.Role}"));

    /// <summary>The set <paramref name="roles"/> make, with each record's key from <paramref name="import"/>.</summary>
    public static EnvironmentKeySet Of(
        string environmentId, IReadOnlyList<(SigningKeyRecord Record, string Role)> roles, Func<SigningKeyRecord, RsaSecurityKey> import, DateTimeOffset now)
    {
        var signing = roles.Where(key => key.Record.Use == EnvironmentKeyStore.SigningUse)
            .Select(key => (Key: import(key.Record), key.Role))
            .ToList();
        var encryption = roles.FirstOrDefault(key => key.Record.Use == EnvironmentKeyStore.EncryptionUse).Record
            ?? throw new InvalidOperationException($"Environment '{environmentId}' has no encryption key.");
        var active = signing.FirstOrDefault(key => key.Role == SigningKeyStatuses.Active).Key
            ?? throw new InvalidOperationException($"Environment '{environmentId}' has no active signing key.");

        return new EnvironmentKeySet(
            VersionOf(roles),
            active,
            signing.Where(key => key.Role != SigningKeyStatuses.Retired).Select(key => key.Key).ToList(),
            signing.Select(key => key.Key).ToList(),
            import(encryption),
            now);
    }

    private static readonly string[] RoleOrder =
        [SigningKeyStatuses.Active, SigningKeyStatuses.Next, SigningKeyStatuses.Previous, SigningKeyStatuses.Retired];

    private static string? RoleOf(SigningKeyRecord record, DateTimeOffset now) => record.Status switch
    {
        SigningKeyStatuses.Previous when record.DeleteAfter <= now => null,
        SigningKeyStatuses.Previous when record.RetireAfter <= now => SigningKeyStatuses.Retired,
        _ => record.Status,
    };
}
