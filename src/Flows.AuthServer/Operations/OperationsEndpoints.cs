using Flows.AuthServer.Invalidation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Operations;

/// <summary>
/// What an operator's tools call, outside every environment: <see cref="LivePath"/> (the process answers),
/// <see cref="ReadyPath"/> (<see cref="DatabaseReadiness"/>, and on PostgreSQL the change listener's) and, when
/// enabled, the Prometheus scrape endpoint. They run before the environment is resolved, so a probe costs no query and works while the database is down.
/// </summary>
public static class OperationsEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    private const string ReadyTag = "ready";

    // Long enough for a slow database, short enough that an orchestrator's probe gets an answer.
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddFlowsHealth(this IServiceCollection services)
    {
        var checks = services.AddHealthChecks().AddCheck<DatabaseReadiness>(DatabaseReadiness.Name, tags: [ReadyTag], timeout: ReadinessTimeout);

        // On PostgreSQL (registered with the server's data, before this) the nodes tell each other their changes.
        if (services.Any(service => service.ServiceType == typeof(PostgreSqlChangeListener)))
        {
            checks.AddCheck<ChangeListenerReadiness>(ChangeListenerReadiness.Name, tags: [ReadyTag]);
        }

        return services;
    }

    /// <summary>Whether a path is one of these endpoints (their requests are not traced).</summary>
    public static bool Serves(PathString path) =>
        path.StartsWithSegments(LivePath) || path.StartsWithSegments(ReadyPath) || path.StartsWithSegments(PrometheusScrapeOptions.Path);

    /// <summary>Answers the endpoints; call it before the environment is resolved.</summary>
    public static IApplicationBuilder UseOperationsEndpoints(this IApplicationBuilder app)
    {
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        var prometheus = app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus;
        if (prometheus.Enabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == PrometheusScrapeOptions.Path
                && (prometheus.Port is not { } port || http.Connection.LocalPort == port));
        }

        return app;
    }
}
