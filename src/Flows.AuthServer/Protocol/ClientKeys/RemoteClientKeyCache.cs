using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Protocol.ClientKeys;

/// <summary>
/// The keys each client publishes at its <c>jwksUri</c>, kept as long as their answer allows (bounded). An assertion
/// naming a key the kept set lacks reads the set again — the client rolled its keys over — but at most once per
/// <see cref="RemoteClientKeyOptions.RefetchInterval"/> per client, so assertions with made-up key ids cannot make the
/// server hammer an address; a failed read waits as long. One read at a time per client; a node keeps its own copy,
/// as the keys are the client's to change, not an administrator's.
/// </summary>
public sealed class RemoteClientKeyCache(RemoteClientKeyFetcher fetcher, TimeProvider clock, IOptions<RemoteClientKeyOptions> options)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _reads = new(StringComparer.Ordinal);

    /// <summary>The client's signing keys for an assertion naming <paramref name="keyId"/> (if any); null when unreadable.</summary>
    public async Task<IReadOnlyList<SecurityKey>?> GetAsync(
        string environmentId, string clientId, Uri uri, string? keyId, CancellationToken cancellationToken)
    {
        var name = string.Join('\n', environmentId, clientId, uri.AbsoluteUri);
        if (Usable(name, keyId) is { } kept)
        {
            return kept;
        }

        var gate = _reads.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another request may have read the set while this one waited.
            if (Usable(name, keyId) is { } read)
            {
                return read;
            }

            var now = clock.GetUtcNow();
            _entries.TryGetValue(name, out var entry);
            if (entry is not null && now - entry.ReadAt < options.Value.RefetchInterval)
            {
                return entry.FreshAt(now) ? entry.Keys : null;
            }

            var fetched = await fetcher.FetchAsync(uri, cancellationToken);
            _entries[name] = fetched is not null ? new Entry(fetched.Keys, now, now + fetched.Lifetime)
                // A failed read keeps what was read before for as long as it was good for.
                : entry is not null ? entry with { ReadAt = now }
                : new Entry(null, now, now);
            return fetched?.Keys ?? (entry?.FreshAt(now) == true ? entry.Keys : null);
        }
        finally
        {
            gate.Release();
        }
    }

    private IReadOnlyList<SecurityKey>? Usable(string name, string? keyId) =>
        _entries.TryGetValue(name, out var entry) && entry.FreshAt(clock.GetUtcNow()) && entry.Keys is { Count: > 0 } keys
        && (keyId is null || keys.Any(key => key.KeyId == keyId))
            ? keys
            : null;

    private sealed record Entry(IReadOnlyList<SecurityKey>? Keys, DateTimeOffset ReadAt, DateTimeOffset ExpiresAt)
    {
        public bool FreshAt(DateTimeOffset now) => Keys is not null && now < ExpiresAt;
    }
}
