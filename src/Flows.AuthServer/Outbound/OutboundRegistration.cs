using Flows.Activities;
using Flows.Activities.Outbound;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Registers what flows use to reach outside the server: the guarded, signed HTTP client of <c>CallHttpService</c>,
/// the continue tokens of <c>RedirectToApplication</c>, and the service that keeps each environment's outbound rules.
/// </summary>
public static class OutboundRegistration
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    public static IServiceCollection AddFlowsOutbound(this IServiceCollection services)
    {
        services.TryAddSingleton<OutboundSecretProtector>();
        services.AddScoped<OutboundSettingsReader>();
        services.AddScoped<IHttpServiceClient, HttpServiceClient>();
        services.AddScoped<ContinueTokens>();
        services.AddScoped<IApplicationRedirects>(provider => provider.GetRequiredService<ContinueTokens>());
        services.AddScoped<ContinueAnswerReplay>();
        services.TryAddScoped<OutboundService>();

        // No redirects (one could lead past the allow-list), no proxy (the connection must go where it was checked),
        // no cookies; the connector checks every address it connects to.
        services.AddHttpClient(HttpServiceClient.ClientName, client => client.Timeout = TimeSpan.FromMinutes(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectCallback = GuardedConnector.ConnectAsync,
            })
            .AddResilienceHandler(HttpServiceClient.ClientName, Configure)
            // One circuit per environment and host: a failing service of one environment never trips another's.
            .SelectPipelineBy(_ => request =>
                $"{(request.Options.TryGetValue(HttpServiceClient.Environment, out var environment) ? environment : "")}|{request.RequestUri?.Authority}");
        return services;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = CallHttpService.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = FirstRetryDelay,
            // As many retries as the node asks for; an address the environment refuses is never tried again.
            ShouldHandle = args => ValueTask.FromResult(
                args.AttemptNumber < args.Context.Properties.GetValue(HttpServiceClient.Retries, 0)
                && args.Outcome.Exception is not HttpRequestException { InnerException: OutboundAddressRefusedException }
                && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            OnRetry = args =>
            {
                args.Context.Properties.Set(HttpServiceClient.AttemptTimedOut, false);
                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(15),
        });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(
                args.Context.Properties.GetValue(HttpServiceClient.AttemptTimeout, TimeSpan.FromSeconds(CallHttpService.MaxTimeoutSeconds))),
            OnTimeout = args =>
            {
                args.Context.Properties.Set(HttpServiceClient.AttemptTimedOut, true);
                return ValueTask.CompletedTask;
            },
        });
    }
}
