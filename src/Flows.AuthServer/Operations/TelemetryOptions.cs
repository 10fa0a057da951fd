namespace Flows.AuthServer.Operations;

/// <summary>The exports of traces and metrics beyond OpenTelemetry's own environment variables: configuration section <c>Flows:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Flows:Telemetry";

    /// <summary>OpenTelemetry's variable naming the collector; traces, metrics and logs go there over OTLP when it is set.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>OpenTelemetry's variable naming the service; without it the service is <see cref="DefaultServiceName"/>.</summary>
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";

    public const string DefaultServiceName = "flows";

    public PrometheusScrapeOptions Prometheus { get; set; } = new();
}

/// <summary>The Prometheus scrape endpoint <see cref="Path"/>, off unless enabled.</summary>
public sealed class PrometheusScrapeOptions
{
    /// <summary>A first path segment no environment may take (see <c>EnvironmentIds.Reserved</c>).</summary>
    public const string Path = "/metrics";

    public bool Enabled { get; set; }

    /// <summary>
    /// When set, the endpoint answers only requests that arrived on this local port: listen on it too
    /// (<c>--urls</c>) and keep it off the proxy, so only the scraper reaches the metrics.
    /// </summary>
    public int? Port { get; set; }
}
