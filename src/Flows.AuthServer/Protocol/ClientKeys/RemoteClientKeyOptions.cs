namespace Flows.AuthServer.Protocol.ClientKeys;

/// <summary>
/// How the keys a <c>private_key_jwt</c> client publishes at its <c>jwksUri</c> are read: configuration section
/// <c>Flows:ClientKeys</c>. Each bound keeps one slow or hostile address from holding the token endpoint up.
/// </summary>
public sealed class RemoteClientKeyOptions
{
    public const string Section = "Flows:ClientKeys";

    /// <summary>The longest one read may take, retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest JWKS read, in bytes; a bigger answer is a failed read.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>An assertion naming a key not in the cached set reads the set again at most this often (key rollover).</summary>
    public TimeSpan RefetchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The shortest time a read set is kept, whatever its Cache-Control says (no-store included).</summary>
    public TimeSpan MinCacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest time a read set is kept, whatever its Cache-Control says.</summary>
    public TimeSpan MaxCacheDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a set whose answer says nothing of caching is kept.</summary>
    public TimeSpan DefaultCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether an http:// address on this machine is read (tests, a client beside the server); https otherwise.</summary>
    public bool AllowLoopbackHttp { get; set; }

    public bool IsValid() =>
        Timeout > TimeSpan.Zero && MaxResponseBytes > 0 && RefetchInterval >= TimeSpan.Zero
        && MinCacheDuration >= TimeSpan.Zero && MaxCacheDuration >= MinCacheDuration
        && DefaultCacheDuration >= MinCacheDuration && DefaultCacheDuration <= MaxCacheDuration;
}
