using Flows.AuthServer.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// A server of its own for the admin environment's sign-in, with the bootstrap administration of
/// <see cref="ManagementServerFixture"/>, that keeps what it logs so tests can tell no key reaches the logs.
/// </summary>
public sealed class AdminSignOnServer : ManagementServerFixture
{
    public ListLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(Logs)));
    }
}
