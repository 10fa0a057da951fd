using System.Threading.RateLimiting;

namespace Flows.AuthServer.RateLimiting;

/// <summary>
/// The framework's partitions for a <see cref="RateLimitWindow"/>: one fixed-window limiter per key, created on first
/// use and dropped by the partitioned limiter once idle (its window refilled), so keys never pile up.
/// </summary>
public static class RateLimitPartitions
{
    private const string Unlimited = "";

    /// <summary>The partition of <paramref name="key"/> under <paramref name="limit"/>; no limiter when the limit or all limits are off.</summary>
    public static RateLimitPartition<string> For(RateLimitingOptions options, RateLimitWindow limit, string? key) =>
        options.Enabled && limit.IsOn && key is not null
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit.PermitLimit,
                Window = limit.Window,

                // A refused request is answered at once: waiting would hold the connection the limit protects.
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(Unlimited);

    /// <summary>When to try again after a refusal: the limiter's own figure, else a whole window.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease, RateLimitWindow limit) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : limit.Window;

    /// <summary>The value of a <c>Retry-After</c> header: whole seconds, rounded up, at least one (RFC 9110 §10.2.3).</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
