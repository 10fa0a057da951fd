using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Support;
using Flows.Engine.Definitions;
using Flows.Engine.Persistence;
using Flows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Environments;

/// <summary>
/// The admin environment signs in with a second factor on new installations, and on existing ones whose default is
/// still the shipped password-only flow; an administrator's own choice stays.
/// </summary>
public sealed class AdminDefaultFlowUpgradeTests : IAsyncLifetime
{
    private const string Admin = AdminEnvironment.Id;
    private const string PasswordOnly = EnvironmentBootstrapper.FormerAdminDefaultFlow;
    private const string SecondFactor = "password-then-otp-required";

    private ServerServices _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerServices.StartAsync();
        await StartUpAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_new_installation_signs_in_to_the_admin_environment_with_a_second_factor()
    {
        Assert.Equal(SecondFactor, await DefaultFlowAsync());
        Assert.Equal(SecondFactor, (await LatestAsync(SecondFactor))?.Id);
    }

    [Fact]
    public async Task An_installation_still_on_the_shipped_password_only_flow_moves_to_the_second_factor_at_the_next_start()
    {
        await MakeInstallationOfBeforeAsync();

        await StartUpAsync();

        Assert.Equal(SecondFactor, await DefaultFlowAsync());
        Assert.Equal(1, (await LatestAsync(SecondFactor))?.Version);
        Assert.Contains($"default flow is now '{SecondFactor}'", _server.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_default_flow_an_administrator_chose_is_left_alone()
    {
        await MakeInstallationOfBeforeAsync();
        await SetDefaultFlowAsync("password-then-otp");

        await StartUpAsync();

        Assert.Equal("password-then-otp", await DefaultFlowAsync());
    }

    [Fact]
    public async Task A_password_only_flow_an_administrator_published_again_is_left_as_the_default()
    {
        await MakeInstallationOfBeforeAsync();
        var shipped = (await LatestAsync(PasswordOnly))!;
        await _server.InScopeAsync(services =>
            services.GetRequiredService<FlowPublisher>().PublishAsync(Admin, shipped, "Our own sign-in", CancellationToken.None));

        await StartUpAsync();

        Assert.Equal(PasswordOnly, await DefaultFlowAsync());
    }

    private Task StartUpAsync() => _server.Services.GetRequiredService<EnvironmentBootstrapper>().RunAsync();

    /// <summary>The admin environment as start-up left it before: the password-only default, no second-factor flow.</summary>
    private async Task MakeInstallationOfBeforeAsync()
    {
        await SetDefaultFlowAsync(PasswordOnly);
        await _server.InScopeAsync(async services =>
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync();
            await db.Definitions.Where(d => d.EnvironmentId == Admin && d.DefinitionId == SecondFactor).ExecuteDeleteAsync();
        });
        _server.Services.GetRequiredService<FlowDefinitionCache>().Forget(Admin);
        _server.Services.GetRequiredService<EnvironmentCatalog>().Forget(Admin);
    }

    private Task SetDefaultFlowAsync(string flowId) => _server.InDatabaseAsync(db =>
        db.Environments.Where(e => e.Id == Admin).ExecuteUpdateAsync(set => set.SetProperty(e => e.DefaultFlowId, flowId)));

    private Task<string> DefaultFlowAsync() =>
        _server.InDatabaseAsync(db => db.Environments.Where(e => e.Id == Admin).Select(e => e.DefaultFlowId).SingleAsync());

    private Task<FlowDefinition?> LatestAsync(string flowId) => _server.InScopeAsync(services =>
        services.GetRequiredService<IFlowDefinitionStore>().FindLatestAsync(Admin, flowId, CancellationToken.None));
}
