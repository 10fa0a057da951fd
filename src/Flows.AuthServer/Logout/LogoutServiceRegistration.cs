using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Flows.AuthServer.Logout;

/// <summary>
/// Registers sign-off's notifications: session participants, the logout outbox and its background dispatcher (the
/// protocol registers the <see cref="ILogoutTokenSigner"/>).
/// </summary>
public static class LogoutServiceRegistration
{
    public static IServiceCollection AddFlowsLogout(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LogoutOptions>()
            .Bind(configuration.GetSection(LogoutOptions.Section))
            .Validate(Valid, $"{LogoutOptions.Section}: MaxAttempts must be at least 1 and every time longer than zero.")
            .ValidateOnStart();
        services.AddScoped<SessionParticipants>();
        services.AddScoped<SessionLogout>();
        services.AddScoped<LogoutOutbox>();
        services.AddScoped<BackchannelLogoutSender>();
        services.AddSingleton<LogoutDeliverySignal>();
        services.AddHostedService<BackchannelLogoutDispatcher>();

        // Retries are the outbox's (durable, with backoff); the pipeline bounds each attempt's time. Redirects are
        // not followed: the application registered this very address.
        services.AddHttpClient(BackchannelLogoutSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .AddResilienceHandler(BackchannelLogoutSender.ClientName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LogoutOptions>>().Value;
                pipeline.AddTimeout(options.RequestTimeout);
            });
        return services;
    }

    private static bool Valid(LogoutOptions options) =>
        options.MaxAttempts >= 1 && options.FirstRetryDelay > TimeSpan.Zero && options.MaxRetryDelay > TimeSpan.Zero
        && options.RequestTimeout > TimeSpan.Zero && options.PollInterval > TimeSpan.Zero && options.TokenLifetime > TimeSpan.Zero
        && options.FrontchannelTimeout > TimeSpan.Zero;
}
