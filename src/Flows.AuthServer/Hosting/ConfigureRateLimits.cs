using System.Threading.RateLimiting;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Flows.AuthServer.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter for the server's limits (<see cref="RateLimitingOptions"/>): the endpoints' policies
/// (flow actions per address, <c>/v1</c> per token), a global limiter for the OAuth endpoints OpenIddict answers
/// without a routed endpoint (per client), and the refusal: 429 with <c>Retry-After</c> in the shape of the endpoint.
/// </summary>
public sealed class ConfigureRateLimits(IOptions<RateLimitingOptions> limits) : IConfigureOptions<RateLimiterOptions>
{
    /// <summary>
    /// The OAuth error of a refusal. RFC 6749 defines none for a token endpoint that declines to answer now;
    /// <c>temporarily_unavailable</c> (RFC 6749 §4.1.2.1: the server cannot handle the request now, e.g. overloaded)
    /// tells a client to try again later without doubting its credentials or its request. <c>slow_down</c> is the
    /// device grant's polling signal (RFC 8628 §3.5), which makes a polling client add 5 s per answer and poll on.
    /// </summary>
    public const string OAuthError = Errors.TemporarilyUnavailable;

    public void Configure(RateLimiterOptions options)
    {
        var settings = limits.Value;
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(RateLimitPolicies.FlowActionsPerAddress, http => HttpMethods.IsPost(http.Request.Method)
            ? RateLimitPartitions.For(settings, settings.FlowActionsPerAddress, RateLimitKeys.Address(http))
            : RateLimitPartitions.For(settings, settings.FlowActionsPerAddress, key: null));
        options.AddPolicy(RateLimitPolicies.ManagementRequestsPerToken, http => RateLimitPartitions.For(
            settings, settings.ManagementRequestsPerToken, RateLimitKeys.BearerToken(http.Request) ?? RateLimitKeys.Address(http)));

        // OpenIddict answers these in the authentication middleware, before any endpoint: only a global limiter sees them.
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            RateLimitPartitions.For(settings, settings.TokenRequestsPerClient, RateLimitKeys.OAuthClient(http)));
        options.OnRejected = (context, _) => RefuseAsync(context, settings);
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, RateLimitingOptions settings)
    {
        var http = context.HttpContext;
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName switch
        {
            RateLimitPolicies.FlowActionsPerAddress => settings.FlowActionsPerAddress,
            RateLimitPolicies.ManagementRequestsPerToken => settings.ManagementRequestsPerToken,
            _ => settings.TokenRequestsPerClient,
        };
        http.Response.Headers.RetryAfter = RateLimitPartitions.RetryAfterSeconds(RateLimitPartitions.RetryAfter(context.Lease, limit));
        var environment = http.RequestServices.GetRequiredService<EnvironmentContext>().Current;
        await ErrorSurfaces.Render(http, ErrorCatalog.TooManyRequests, OAuthError, environmentName: environment?.Name ?? "").ExecuteAsync(http);
    }
}
