using System.Security.Cryptography;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Each environment's RSA keys: one to sign tokens (published in its JWKS), one to encrypt the tokens only
/// the server reads (codes, refresh tokens). Persisted, protected with Data Protection, so tokens outlive
/// a restart and another environment's keys can never validate them.
/// </summary>
public sealed class EnvironmentKeyStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, IChangeSignal signal, TimeProvider clock)
{
    public const string SigningUse = "sig";
    public const string EncryptionUse = "enc";

    private const int KeySize = 2048;
    private readonly IDataProtector _protector = protection.CreateProtector("Flows.EnvironmentKeys.v1");

    /// <summary>Creates the environment's keys unless it has them.</summary>
    public async Task EnsureKeysAsync(string environmentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        var created = false;
        foreach (var use in new[] { SigningUse, EncryptionUse })
        {
            if (!await db.SigningKeys.AnyAsync(k => k.EnvironmentId == environmentId && k.Use == use, cancellationToken))
            {
                using var rsa = RSA.Create(KeySize);
                db.SigningKeys.Add(new SigningKeyRecord
                {
                    Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(12)),
                    EnvironmentId = environmentId,
                    Use = use,
                    ProtectedKey = _protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
                    CreatedAt = clock.GetUtcNow(),
                });
                created = true;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (created)
        {
            // Every node builds the environment's options again, with the keys now stored.
            await signal.PublishAsync(CacheChange.Keys(environmentId));
        }
    }

    /// <summary>The newest key of each use, ready for OpenIddict.</summary>
    public EnvironmentCredentials Load(string environmentId)
    {
        using var scope = scopes.CreateScope();
        var keys = scope.ServiceProvider.GetRequiredService<ServerDbContext>().SigningKeys
            .AsNoTracking()
            .Where(k => k.EnvironmentId == environmentId)
            .ToList();

        return new EnvironmentCredentials(Newest(keys, SigningUse, environmentId), Newest(keys, EncryptionUse, environmentId));
    }

    private RsaSecurityKey Newest(List<SigningKeyRecord> keys, string use, string environmentId)
    {
        var record = keys.Where(k => k.Use == use).MaxBy(k => k.CreatedAt)
            ?? throw new InvalidOperationException($"Environment '{environmentId}' has no '{use}' key.");
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_protector.Unprotect(record.ProtectedKey)), out _);
        return new RsaSecurityKey(rsa) { KeyId = record.Id };
    }
}

/// <summary>An environment's signing and encryption keys.</summary>
public sealed record EnvironmentCredentials(RsaSecurityKey Signing, RsaSecurityKey Encryption);
