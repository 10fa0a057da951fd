using Flows.AuthServer.Tests.Designer;
using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Flows.Fuzz;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Hosting;

/// <summary>
/// The real server with the test environments, a known admin client secret and a working designer sign-in, keeping
/// every log entry: the malformed-request tests check what it answered and what an operator would read.
/// </summary>
public sealed class RobustReadingServer : DesignerServerFixture
{
    public ListLoggerProvider Logs { get; } = new();

    /// <summary>The fuzzer's view of this server: the test environment's clients and user, and the admin client.</summary>
    public FuzzTarget FuzzTarget => new(BaseAddress) { AdminClientSecret = AdminClientSecret };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>The malformed-request tests share one server and run one after the other, so each sees its own log entries.</summary>
[CollectionDefinition(Name)]
public sealed class RobustReadingCollection : ICollectionFixture<RobustReadingServer>
{
    public const string Name = "robust reading";
}
