using System.Threading.RateLimiting;
using Flows.AuthServer.Telemetry;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.RateLimiting;

/// <summary>
/// Counts wrong device user codes per client address of an environment (<see cref="RateLimitingOptions.UserCodeAttemptsPerAddress"/>):
/// user codes are short (RFC 8628 §5.1), so an address that typed too many wrong ones may type none for a while, on any
/// verification flow. Only a wrong code counts; whether it was wrong only the flow service knows.
/// </summary>
public sealed class UserCodeRateLimiter : IDisposable
{
    private readonly RateLimitWindow _limit;
    private readonly PartitionedRateLimiter<string> _limiter;

    public UserCodeRateLimiter(IOptions<RateLimitingOptions> options)
    {
        _limit = options.Value.UserCodeAttemptsPerAddress;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartitions.For(options.Value, _limit, key));
    }

    /// <summary>Null when the address may try a code, else when it may again (and the refusal is counted).</summary>
    public TimeSpan? RetryAfter(string environmentId, string address)
    {
        // Asking for no permit tells whether any is left, and spends none.
        using var lease = _limiter.AttemptAcquire(Key(environmentId, address), permitCount: 0);
        if (lease.IsAcquired)
        {
            return null;
        }

        FlowsMetrics.RateLimitRefused(RateLimitPolicies.UserCodeAttemptsPerAddress);
        return RateLimitPartitions.RetryAfter(lease, _limit);
    }

    /// <summary>Spends one of the address's wrong codes.</summary>
    public void CountWrongCode(string environmentId, string address)
    {
        using var lease = _limiter.AttemptAcquire(Key(environmentId, address));
    }

    public void Dispose() => _limiter.Dispose();

    private static string Key(string environmentId, string address) => $"{environmentId}:{address}";
}
