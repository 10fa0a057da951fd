using Flows.AuthServer.Logout;
using Flows.AuthServer.Tests.Management;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Logout;

/// <summary>
/// The management test server with back-channel retries in fractions of a second instead of seconds, so that a test
/// sees a delivery fail and succeed on retry.
/// </summary>
public sealed class LogoutServerFixture : ManagementServerFixture
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"{LogoutOptions.Section}:{nameof(LogoutOptions.FirstRetryDelay)}", FirstRetryDelay.ToString());
        builder.UseSetting($"{LogoutOptions.Section}:{nameof(LogoutOptions.PollInterval)}", "00:00:00.100");
        builder.UseSetting($"{LogoutOptions.Section}:{nameof(LogoutOptions.MaxAttempts)}", "4");
    }
}

/// <summary>The logout tests share one server; each creates its own applications.</summary>
[CollectionDefinition(Name)]
public sealed class LogoutCollection : ICollectionFixture<LogoutServerFixture>
{
    public const string Name = "logout";
}
