using System.Threading.RateLimiting;
using Flows.AuthServer.Telemetry;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.RateLimiting;

/// <summary>
/// Counts flow actions per username of an environment (<see cref="RateLimitingOptions.FlowActionsPerUsername"/>): the
/// username only the flow service knows (the one typed, or the flow's user), so it is counted there and not by the
/// middleware, which sees no body. One script guessing one account's password from many addresses meets it.
/// </summary>
public sealed class UsernameRateLimiter : IDisposable
{
    private readonly RateLimitWindow _limit;
    private readonly PartitionedRateLimiter<string> _limiter;

    public UsernameRateLimiter(IOptions<RateLimitingOptions> options)
    {
        _limit = options.Value.FlowActionsPerUsername;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartitions.For(options.Value, _limit, key));
    }

    /// <summary>Takes one action of the user's allowance: null when allowed, else when to try again (and the refusal is counted).</summary>
    public TimeSpan? TryAcquire(string environmentId, string username)
    {
        using var lease = _limiter.AttemptAcquire(RateLimitKeys.Username(environmentId, username));
        if (lease.IsAcquired)
        {
            return null;
        }

        FlowsMetrics.RateLimitRefused(RateLimitPolicies.FlowActionsPerUsername);
        return RateLimitPartitions.RetryAfter(lease, _limit);
    }

    public void Dispose() => _limiter.Dispose();
}
