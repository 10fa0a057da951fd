using Flows.AuthServer.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Addressing;

/// <summary>
/// The real server on plain HTTP at 127.0.0.1, told that browsers reach it at <see cref="PublicUrl"/> (HTTPS, another
/// host, a path base): as behind a TLS-terminating proxy that forwards <c>/auth/…</c>.
/// </summary>
public sealed class PublicUrlServerFixture : ServerFixture
{
    public const string Origin = "https://login.example.test";
    public const string PathBase = "/auth";
    public const string PublicUrl = Origin + PathBase;

    public static string Issuer(string environment = TestEnvironment.Id) => $"{PublicUrl}/{environment}/as";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Flows:PublicUrl", PublicUrl);
    }
}
