using System.Globalization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// The real server with the Prometheus scrape endpoint enabled, and a rate limit in front of it that admits one
/// request a minute of those marked with <see cref="LimitedHeader"/> (and limits nothing else), as an operator
/// could configure one.
/// </summary>
public sealed partial class TelemetryServerFixture : ServerFixture
{
    public const string LimitedHeader = "X-Test-Limited";

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    public async Task<double> ScrapeAsync(string metric, params (string Name, string Value)[] labels)
    {
        using var http = CreateRawClient();
        var text = await http.GetStringAsync("/metrics");
        var sum = 0.0;
        foreach (Match sample in Sample().Matches(text))
        {
            if (sample.Groups["name"].Value == metric
                && labels.All(label => sample.Groups["labels"].Value.Contains($"{label.Name}=\"{label.Value}\"", StringComparison.Ordinal)))
            {
                sum += double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:Telemetry:Prometheus:Enabled", "true");
        builder.ConfigureServices(services =>
        {
            services.AddRateLimiter(limiter =>
            {
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => http.Request.Headers.ContainsKey(LimitedHeader)
                    ? RateLimitPartition.GetFixedWindowLimiter("limited", _ => new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("free"));
            });
            services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, RateLimitFirst>();
        });
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    private sealed class RateLimitFirst : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRateLimiter();
            next(app);
        };
    }
}
