using Microsoft.Extensions.Options;
using Polly;

namespace Flows.AuthServer.Protocol.ClientKeys;

/// <summary>Registers the reading of the keys clients publish at a <c>jwksUri</c> and its HTTP client.</summary>
public static class RemoteClientKeyRegistration
{
    public static IServiceCollection AddRemoteClientKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RemoteClientKeyOptions>()
            .Bind(configuration.GetSection(RemoteClientKeyOptions.Section))
            .Validate(options => options.IsValid(),
                $"{RemoteClientKeyOptions.Section}: every time must be positive, MinCacheDuration <= DefaultCacheDuration <= MaxCacheDuration.")
            .ValidateOnStart();
        services.AddSingleton<RemoteClientKeyFetcher>();
        services.AddSingleton<RemoteClientKeyCache>();

        // One retry of a failed read, and a bound on the whole read: the token request that needs the keys waits for it.
        // Redirects are not followed: a redirect could lead off https, or somewhere the client does not control.
        services.AddHttpClient(RemoteClientKeyFetcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .AddResilienceHandler(RemoteClientKeyFetcher.ClientName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<RemoteClientKeyOptions>>().Value;
                pipeline.AddTimeout(options.Timeout)
                    .AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(100), BackoffType = DelayBackoffType.Constant,
                    });
            });
        return services;
    }
}
