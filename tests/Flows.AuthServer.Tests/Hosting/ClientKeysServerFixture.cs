using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The real server reading clients' keys from their <c>jwksUri</c> over HTTP on this machine, as a test's
/// <see cref="JwksServer"/> publishes them, reading a set again for an unknown key at most once a second.
/// </summary>
public sealed class ClientKeysServerFixture : ServerFixture
{
    public static readonly TimeSpan RefetchInterval = TimeSpan.FromSeconds(1);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:ClientKeys:AllowLoopbackHttp", "true");
        builder.UseSetting("Flows:ClientKeys:RefetchInterval", RefetchInterval.ToString());
        builder.UseSetting("Flows:ClientKeys:Timeout", "00:00:02");
        builder.UseSetting("Flows:ClientKeys:MaxResponseBytes", "8192");
    }
}
