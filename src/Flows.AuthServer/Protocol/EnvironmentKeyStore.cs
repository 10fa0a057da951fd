using System.Collections.Concurrent;
using System.Security.Cryptography;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Each environment's RSA keys: the ones that sign tokens (next, active, previous: see <see cref="SigningKeyStatuses"/>),
/// one to encrypt the tokens only the server reads (codes, refresh tokens). Persisted, protected with Data Protection,
/// so tokens outlive a restart and another environment's keys can never validate them. Each node keeps the set it read
/// for <see cref="SigningKeyOptions.RefreshInterval"/>, and reads it again at once for a token naming a key it lacks.
/// </summary>
public sealed class EnvironmentKeyStore(
    IServiceScopeFactory scopes, IDataProtectionProvider protection, IOptions<SigningKeyOptions> options, TimeProvider clock,
    ILogger<EnvironmentKeyStore> logger)
    : IInvalidatedCache
{
    public const string SigningUse = "sig";
    public const string EncryptionUse = "enc";

    /// <summary>The Data Protection purpose the private keys are protected under.</summary>
    public const string ProtectionPurpose = "Flows.EnvironmentKeys.v1";

    private const int KeySize = 2048;

    // A token naming an unknown key makes the store read at most this often: forged kids cost one query a second.
    private static readonly TimeSpan UnknownKeyReadInterval = TimeSpan.FromSeconds(1);

    private readonly IDataProtector _protector = protection.CreateProtector(ProtectionPurpose);
    private readonly ConcurrentDictionary<string, EnvironmentKeySet> _sets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _unknownKeyReads = new(StringComparer.Ordinal);
    private long _evictions;

    /// <summary>Creates what the environment lacks of an active signing key, a next one and an encryption key.</summary>
    public async Task EnsureKeysAsync(string environmentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var present = await db.SigningKeys.AsNoTracking()
            .Where(k => k.EnvironmentId == environmentId && k.Status != SigningKeyStatuses.Previous)
            .Select(k => new { k.Use, k.Status })
            .ToListAsync(cancellationToken);
        var wanted = new[]
        {
            (Use: EncryptionUse, Status: SigningKeyStatuses.Active),
            (Use: SigningUse, Status: SigningKeyStatuses.Active),
            (Use: SigningUse, Status: SigningKeyStatuses.Next),
        };

        var created = false;
        foreach (var (use, status) in wanted.Where(want => !present.Any(key => key.Use == want.Use && key.Status == want.Status)))
        {
            created |= await TryAddAsync(db, New(environmentId, use, status), cancellationToken);
        }

        if (created)
        {
            // Every node reads the environment's keys again, and builds its options again with them. The signal is
            // the scope's: it tells this store too, so the store cannot take it in its constructor.
            await scope.ServiceProvider.GetRequiredService<IChangeSignal>().PublishAsync(CacheChange.Keys(environmentId));
        }
    }

    /// <summary>
    /// Stores <paramref name="key"/>; false when another node stored a key of its use and status first (the unique
    /// index keeps one), which is as good.
    /// </summary>
    public static async Task<bool> TryAddAsync(ServerDbContext db, SigningKeyRecord key, CancellationToken cancellationToken)
    {
        db.SigningKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.Entry(key).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>A new key, its private part protected; a next key has not been activated.</summary>
    public SigningKeyRecord New(string environmentId, string use, string status)
    {
        using var rsa = RSA.Create(KeySize);
        var now = clock.GetUtcNow();
        return new SigningKeyRecord
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
            EnvironmentId = environmentId,
            Use = use,
            Status = status,
            ProtectedKey = _protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
            ActivatedAt = status == SigningKeyStatuses.Active ? now : null,
        };
    }

    /// <summary>The environment's keys, as read at most <see cref="SigningKeyOptions.RefreshInterval"/> ago.</summary>
    public EnvironmentKeySet Current(string environmentId) =>
        _sets.TryGetValue(environmentId, out var set) && clock.GetUtcNow() - set.ReadAt < options.Value.RefreshInterval
            ? set
            : Read(environmentId, set);

    /// <summary>
    /// The keys a token naming <paramref name="kid"/> may be validated with: that one key, read again from the database
    /// when this node does not know it yet (another node rotated); none when no such key exists.
    /// </summary>
    public IEnumerable<SecurityKey> ValidationKeys(string environmentId, string? kid)
    {
        var set = Current(environmentId);
        if (string.IsNullOrEmpty(kid))
        {
            return set.Validating;
        }

        if (set.Find(kid) is null)
        {
            set = ReadForUnknown(environmentId, kid);
        }

        return set.Find(kid) is { } key ? [key] : [];
    }

    /// <summary>
    /// Forgets the environment's keys on this node: the next use reads them again. Called through the
    /// <see cref="IChangeSignal"/> of the node that changed them, on every node.
    /// </summary>
    public void Evict(string environmentId)
    {
        Interlocked.Increment(ref _evictions);
        _sets.TryRemove(environmentId, out _);
    }

    public void Forget(CacheChange change)
    {
        if (change.Area is CacheAreas.Environment or CacheAreas.Keys)
        {
            Evict(change.EnvironmentId);
        }
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _evictions);
        _sets.Clear();
    }

    /// <summary>
    /// The environment's keys read again for a token naming <paramref name="kid"/>, unless they were read less than
    /// <see cref="UnknownKeyReadInterval"/> ago. One request reads; those naming unknown keys meanwhile wait for its set
    /// instead of reading too. A failed read leaves the token unvalidated (401), not the request failed (500).
    /// </summary>
    private EnvironmentKeySet ReadForUnknown(string environmentId, string kid)
    {
        lock (_unknownKeyReads.GetOrAdd(environmentId, _ => new object()))
        {
            var set = Current(environmentId);
            if (set.Find(kid) is not null || clock.GetUtcNow() - set.ReadAt < UnknownKeyReadInterval)
            {
                return set;
            }

            try
            {
                return Read(environmentId, set);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Reading the keys of environment {EnvironmentId} for a token naming an unknown key failed.", environmentId);
                return set;
            }
        }
    }

    private EnvironmentKeySet Read(string environmentId, EnvironmentKeySet? known)
    {
        var evictions = Interlocked.Read(ref _evictions);
        var now = clock.GetUtcNow();
        List<SigningKeyRecord> records;
        using (var scope = scopes.CreateScope())
        {
            records = scope.ServiceProvider.GetRequiredService<ServerDbContext>().SigningKeys
                .AsNoTracking()
                .Where(k => k.EnvironmentId == environmentId)
                .ToList();
        }

        var roles = EnvironmentKeySet.RolesOf(records, now);
        var set = known is not null && known.Version == EnvironmentKeySet.VersionOf(roles)
            ? known.ReadAgain(now)
            : EnvironmentKeySet.Of(environmentId, roles, Import, now);

        // An eviction while this read ran may have been for a change it did not see: that node reads again next time.
        if (Interlocked.Read(ref _evictions) == evictions)
        {
            _sets[environmentId] = set;
        }

        return set;
    }

    private RsaSecurityKey Import(SigningKeyRecord record)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_protector.Unprotect(record.ProtectedKey)), out _);
        return new RsaSecurityKey(rsa) { KeyId = record.Id };
    }
}
