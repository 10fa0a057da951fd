using Flows.AuthServer.Protocol.Handlers;
using Flows.Engine.Runtime;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Flows.AuthServer.Operations;

/// <summary>
/// OpenTelemetry for the server: traces of ASP.NET Core, EF Core and Npgsql with the engine's step spans, and the
/// metrics of the same plus <see cref="FlowsTelemetry.Meter"/>. Exported over OTLP when
/// <see cref="TelemetryOptions.OtlpEndpointKey"/> is set (logs too), scraped by Prometheus when enabled; with
/// neither, no SDK is registered and the instruments cost nothing.
/// </summary>
public static class TelemetryRegistration
{
    public static IServiceCollection AddFlowsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        services.AddSingleton<IPostConfigureOptions<RateLimiterOptions>, CountRateLimitRefusals>();

        // Issued tokens are counted in every case: the counter is free until something listens.
        services.AddOpenIddict().AddServer(server => server.AddEventHandler(CountIssuedTokens.Descriptor));

        // Logs are exported and kept: OpenIddict's must not carry the tokens and verifiers it sees.
        SecretFreeProtocolLogger.AddSecretFreeProtocolLogs(services);

        var otlp = !string.IsNullOrWhiteSpace(configuration[TelemetryOptions.OtlpEndpointKey]);
        if (!otlp && !options.Prometheus.Enabled)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration[TelemetryOptions.ServiceNameKey]))
                {
                    resource.AddService(TelemetryOptions.DefaultServiceName);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(FlowsTelemetry.Name)
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !OperationsEndpoints.Serves(http.Request.Path))
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FlowsTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddMeter(EntityFrameworkCoreMeter)
                    .AddNpgsqlInstrumentation();
                if (options.Prometheus.Enabled)
                {
                    // Scrapes see the counters as they are: no cached answer between two scrapes.
                    metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                }
            });
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>EF Core's own meter (its contexts, queries and saves).</summary>
    private const string EntityFrameworkCoreMeter = "Microsoft.EntityFrameworkCore";
}
