using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The real server with <c>environments/grants.json</c> imported besides the test environments: the applications of
/// pushed authorization requests, client assertions, the device grant and token exchange.
/// </summary>
public sealed class GrantsServerFixture : ServerFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:Import:2", System.IO.Path.Combine(AppContext.BaseDirectory, "environments", GrantsEnvironment.File));
    }
}
