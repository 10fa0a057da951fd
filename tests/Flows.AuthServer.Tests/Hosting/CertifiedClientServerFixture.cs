using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The real server with <c>environments/certified.json</c> imported besides the test environments: users and
/// applications that only the certified-client tests sign in with, so no other test uses their one-time codes.
/// </summary>
public sealed class CertifiedClientServerFixture : ServerFixture
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:Import:2", Path.Combine(AppContext.BaseDirectory, "environments", CertifiedEnvironment.File));
    }
}
