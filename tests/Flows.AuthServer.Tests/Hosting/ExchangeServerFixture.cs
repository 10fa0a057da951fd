using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>The real server with <c>environments/exchange.json</c> imported besides the test environments.</summary>
public class ExchangeServerFixture : ServerFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:Import:2", System.IO.Path.Combine(AppContext.BaseDirectory, "environments", ExchangeEnvironment.File));
    }
}

/// <summary>The same server with token exchange turned off (<c>Flows:Protocol:TokenExchange:Enabled</c>).</summary>
public sealed class ExchangeDisabledServerFixture : ExchangeServerFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:Protocol:TokenExchange:Enabled", "false");
    }
}
