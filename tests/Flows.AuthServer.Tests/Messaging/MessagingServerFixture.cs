using Flows.AuthServer.Tests.Management;
using Flows.AuthServer.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Flows.AuthServer.Tests.Messaging;

/// <summary>
/// The management test server with a mail catcher beside it, and everything it logs kept at Trace level by every
/// category, so a test can look for a code or a password in it.
/// </summary>
public sealed class MessagingServerFixture : ManagementServerFixture
{
    public MailCatcher Mail { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System" })
        {
            builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
    }

    public override async ValueTask DisposeAsync()
    {
        Mail.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>The messaging tests share one server and one mail catcher; each test makes an environment of its own.</summary>
[CollectionDefinition(Name)]
public sealed class MessagingCollection : ICollectionFixture<MessagingServerFixture>
{
    public const string Name = "messaging";
}
