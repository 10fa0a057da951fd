using Flows.AuthServer.Administration;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// The real server with the test environments and a configured bootstrap administration: administrator
/// <see cref="AdminUsername"/> (who enrolls <see cref="AdminAuthenticator"/> at the first sign-in) and the admin client
/// (default id) with <see cref="AdminClientSecret"/>.
/// </summary>
public class ManagementServerFixture : ServerFixture
{
    public const string AdminUsername = "root";
    public const string AdminPassword = "root-password-for-tests-only";
    public const string AdminClientSecret = "admin-client-secret-for-tests-only";

    /// <summary>The administrator's authenticator app: enrolled at their first sign-in, whichever test makes it.</summary>
    public TotpAuthenticator AdminAuthenticator { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"{AdminOptions.Section}:{nameof(AdminOptions.Username)}", AdminUsername);
        builder.UseSetting($"{AdminOptions.Section}:{nameof(AdminOptions.Password)}", AdminPassword);
        builder.UseSetting($"{AdminOptions.Section}:{nameof(AdminOptions.ClientSecret)}", AdminClientSecret);
    }
}

/// <summary>The management API tests share one server; each test creates what it changes under names of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ManagementCollection : ICollectionFixture<ManagementServerFixture>
{
    public const string Name = "management";
}
