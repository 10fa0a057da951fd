using Flows.AuthServer.RateLimiting;
using Flows.AuthServer.Telemetry;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Operations;

/// <summary>
/// Counts every request a rate limit refuses (<see cref="FlowsMetrics.RateLimitRefusalsName"/>), by the endpoint's
/// policy (the global limiter's at the OAuth client endpoints is <see cref="RateLimitPolicies.TokenRequestsPerClient"/>),
/// whatever limiter is configured: it wraps the limiter's own rejection callback, which still answers.
/// </summary>
public sealed class CountRateLimitRefusals : IPostConfigureOptions<RateLimiterOptions>
{
    /// <summary>The policy named when a refusal comes from the global limiter.</summary>
    public const string GlobalPolicy = "global";

    public void PostConfigure(string? name, RateLimiterOptions options)
    {
        var answer = options.OnRejected;
        options.OnRejected = async (context, cancellationToken) =>
        {
            var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName
                ?? (RateLimitKeys.OAuthClient(context.HttpContext) is null ? GlobalPolicy : RateLimitPolicies.TokenRequestsPerClient);
            FlowsMetrics.RateLimitRefused(policy);
            if (answer is not null)
            {
                await answer(context, cancellationToken);
            }
        };
    }
}
