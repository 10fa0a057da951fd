using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.RateLimiting;

/// <summary>
/// The server with small rate limits switched on, behind a trusted proxy at 127.0.0.1 so that a test names its client's
/// address with <c>X-Forwarded-For</c>. Each limit allows <see cref="Limit"/> requests a minute.
/// </summary>
public class RateLimitServerFixture : ServerFixture
{
    public const int Limit = 3;

    /// <summary>Wrong device user codes a minute from one address: fewer than <see cref="Limit"/>, so that limit is what refuses.</summary>
    public const int UserCodeLimit = 2;

    /// <summary>Whether the limits are on; the same limits are configured either way.</summary>
    protected virtual bool Enabled => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:Proxy:KnownProxies:0", "127.0.0.1");
        builder.UseSetting("Flows:RateLimiting:Enabled", Enabled ? "true" : "false");
        foreach (var limit in new[] { "FlowActionsPerAddress", "FlowActionsPerUsername", "TokenRequestsPerClient", "ManagementRequestsPerToken" })
        {
            builder.UseSetting($"Flows:RateLimiting:{limit}:PermitLimit", $"{Limit}");
            builder.UseSetting($"Flows:RateLimiting:{limit}:Window", "00:01:00");
        }

        builder.UseSetting("Flows:RateLimiting:UserCodeAttemptsPerAddress:PermitLimit", $"{UserCodeLimit}");
    }
}

/// <summary>The same server and limits with <c>Flows:RateLimiting:Enabled=false</c>.</summary>
public sealed class UnlimitedServerFixture : RateLimitServerFixture
{
    protected override bool Enabled => false;
}
