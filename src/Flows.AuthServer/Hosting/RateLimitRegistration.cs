using Flows.AuthServer.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Hosting;

/// <summary>Registers the server's rate limits (<c>Flows:RateLimiting</c>) and puts the limiter in the pipeline unless they are off.</summary>
public static class RateLimitRegistration
{
    public static IServiceCollection AddFlowsRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section);
        services.AddSingleton<UsernameRateLimiter>();
        services.AddSingleton<UserCodeRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureRateLimits>();
        return services;
    }

    /// <summary>
    /// Call after routing (the policies are the endpoints') and after the form is read (the token endpoint's client is
    /// in it), before authentication (OpenIddict answers the token endpoint there). Switched off, no limiter runs at all.
    /// </summary>
    public static IApplicationBuilder UseFlowsRateLimiting(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled ? app.UseRateLimiter() : app;
}
