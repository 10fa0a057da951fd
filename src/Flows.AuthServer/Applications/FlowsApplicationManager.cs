using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Flows.AuthServer.Data;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Flows.AuthServer.Applications;

/// <summary>
/// OpenIddict's application manager, remembering client secrets it has verified. OpenIddict stores a secret as
/// a PBKDF2 hash, right for storage but costly on every token request; after one successful verification the
/// manager keeps an HMAC of the secret under a per-process random key, and later presentations of the same
/// secret are compared against it in constant time. A wrong secret always pays the full PBKDF2 cost, so
/// guessing stays as slow as before; a rotated secret has a new stored hash and so a new cache entry.
/// </summary>
public sealed class FlowsApplicationManager(
    IOpenIddictApplicationCache<FlowsApplication> cache,
    ILogger<OpenIddictApplicationManager<FlowsApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<FlowsApplication> store,
    VerifiedSecrets verified)
    : OpenIddictApplicationManager<FlowsApplication>(cache, logger, options, store)
{
    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (verified.Matches(comparand, secret))
        {
            return true;
        }

        if (!await base.ValidateClientSecretAsync(secret, comparand, cancellationToken))
        {
            return false;
        }

        verified.Remember(comparand, secret);
        return true;
    }
}

/// <summary>HMACs of client secrets already verified against their stored hash, keyed by that hash.</summary>
public sealed class VerifiedSecrets
{
    private const int MaxEntries = 10_000;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> _byStoredHash = new(StringComparer.Ordinal);

    public bool Matches(string storedHash, string secret) =>
        _byStoredHash.TryGetValue(storedHash, out var remembered) && CryptographicOperations.FixedTimeEquals(remembered, Mac(secret));

    public void Remember(string storedHash, string secret)
    {
        // A bound on memory: far more clients than this means a cold cache, not a leak.
        if (_byStoredHash.Count >= MaxEntries)
        {
            _byStoredHash.Clear();
        }

        _byStoredHash[storedHash] = Mac(secret);
    }

    /// <summary>Drops what was remembered for a stored hash that is gone (a rotated secret, a deleted client).</summary>
    public void Forget(string storedHash) => _byStoredHash.TryRemove(storedHash, out _);

    private byte[] Mac(string secret) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(secret));
}
