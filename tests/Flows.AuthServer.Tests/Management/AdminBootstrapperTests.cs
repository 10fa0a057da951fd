using Flows.Activities.Users;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Admin;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Tests.Management;

/// <summary>Start-up creates the administrator and the admin client when missing, and never touches them again.</summary>
public sealed class AdminBootstrapperTests
{
    private const string Admin = AdminEnvironment.Id;

    [Fact]
    public async Task Unset_password_and_secret_are_generated_and_shown_on_the_console_but_not_in_the_logs()
    {
        await using var server = await StartAsync();

        var result = await RunAsync(server, new AdminOptions());

        var (password, secret) = (result.User!.GeneratedPassword!, result.Client!.GeneratedSecret!);
        Assert.Equal((AdminOptions.DefaultUsername, AdminOptions.DefaultClientId), (result.User.Username, result.Client.ClientId));
        Assert.Contains(password, server.Console.ToString(), StringComparison.Ordinal);
        Assert.Contains(secret, server.Console.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, server.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, server.Logs.Text, StringComparison.Ordinal);
        Assert.Equal(PasswordCheckResult.Success, await CheckPasswordAsync(server, AdminOptions.DefaultUsername, password));
        Assert.True(await SecretWorksAsync(server, AdminOptions.DefaultClientId, secret));
    }

    [Fact]
    public async Task Configured_values_are_used_and_nothing_is_shown_on_the_console()
    {
        await using var server = await StartAsync();

        var result = await RunAsync(server, new AdminOptions { Username = "ops", Password = "ops-password-1", ClientId = "ops-cli", ClientSecret = "ops-secret" });

        Assert.Equal(("ops", "ops-cli"), (result.User!.Username, result.Client!.ClientId));
        Assert.False(result.HasGeneratedSecrets);
        Assert.DoesNotContain("ops", server.Console.ToString(), StringComparison.Ordinal);
        Assert.Equal(PasswordCheckResult.Success, await CheckPasswordAsync(server, "ops", "ops-password-1"));
        Assert.True(await SecretWorksAsync(server, "ops-cli", "ops-secret"));
    }

    [Fact]
    public async Task The_admin_client_may_use_only_client_credentials_with_both_management_scopes()
    {
        await using var server = await StartAsync();

        await RunAsync(server, new AdminOptions { ClientSecret = "a-secret" });

        var permissions = await server.InScopeAsync(async services =>
        {
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            services.GetRequiredService<EnvironmentContext>().Enter((await FindAdminAsync(server))!);
            return await manager.GetPermissionsAsync((await manager.FindByClientIdAsync(AdminOptions.DefaultClientId))!);
        });
        Assert.Contains(Permissions.GrantTypes.ClientCredentials, permissions);
        Assert.Contains(Permissions.Prefixes.Scope + ManagementScopes.Read, permissions);
        Assert.Contains(Permissions.Prefixes.Scope + ManagementScopes.Write, permissions);
        Assert.DoesNotContain(Permissions.Endpoints.Authorization, permissions);
    }

    [Fact]
    public async Task A_second_start_leaves_the_administrator_and_the_client_as_they_are()
    {
        await using var server = await StartAsync();
        await RunAsync(server, new AdminOptions { Password = "first-password-1", ClientSecret = "first-secret" });
        var consoleBefore = server.Console.ToString().Length;

        var second = await RunAsync(server, new AdminOptions { Password = "second-password-2", ClientSecret = "second-secret" });

        Assert.False(second.CreatedAnything);
        Assert.Equal(consoleBefore, server.Console.ToString().Length);
        Assert.Equal(PasswordCheckResult.Success, await CheckPasswordAsync(server, AdminOptions.DefaultUsername, "first-password-1"));
        Assert.True(await SecretWorksAsync(server, AdminOptions.DefaultClientId, "first-secret"));
        Assert.Equal(1, await server.InDatabaseAsync(db => db.Users.CountAsync(u => u.EnvironmentId == Admin)));
    }

    [Fact]
    public async Task A_configured_password_the_policy_refuses_stops_start_up_without_revealing_it()
    {
        await using var server = await StartAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(server, new AdminOptions { Password = "tiny" }));

        Assert.Contains(AdminOptions.Section, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tiny", refused.Message, StringComparison.Ordinal);
        Assert.False(await server.InDatabaseAsync(db => db.Users.AnyAsync(u => u.EnvironmentId == Admin)));
    }

    private static async Task<ServerServices> StartAsync()
    {
        var server = await ServerServices.StartAsync();
        await server.Services.GetRequiredService<EnvironmentBootstrapper>().RunAsync();
        return server;
    }

    private static Task<AdminBootstrapResult> RunAsync(ServerServices server, AdminOptions options) =>
        new AdminBootstrapper(
            server.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(options),
            server.Services.GetRequiredService<OperatorConsole>(),
            server.Services.GetRequiredService<ILogger<AdminBootstrapper>>()).RunAsync();

    private static Task<Data.EnvironmentRecord?> FindAdminAsync(ServerServices server) =>
        server.InDatabaseAsync(db => db.Environments.AsNoTracking().FirstOrDefaultAsync(e => e.Id == Admin));

    private static async Task<PasswordCheckResult> CheckPasswordAsync(ServerServices server, string username, string password) =>
        (await server.InScopeAsync(services => services.GetRequiredService<IUserDirectory>().CheckPasswordAsync(Admin, username, password, CancellationToken.None))).Result;

    private static async Task<bool> SecretWorksAsync(ServerServices server, string clientId, string secret)
    {
        var admin = (await FindAdminAsync(server))!;
        return await server.InScopeAsync(async services =>
        {
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            services.GetRequiredService<EnvironmentContext>().Enter(admin);
            return await manager.FindByClientIdAsync(clientId) is { } application && await manager.ValidateClientSecretAsync(application, secret);
        });
    }
}
