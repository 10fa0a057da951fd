using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static Flows.AuthServer.Tests.Support.SampleEnvironments;

namespace Flows.AuthServer.Tests.Environments;

/// <summary>The environment of a DI scope: entered explicitly, once, and required by OpenIddict's application store.</summary>
public sealed class EnvironmentScopeTests : ImportTestBase
{
    [Fact]
    public async Task The_application_store_in_a_scope_that_entered_no_environment_throws_instead_of_finding_nothing()
    {
        await ImportAsync(File());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Server.InScopeAsync(async services =>
            await services.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(WebClient)));

        Assert.Equal(EnvironmentContext.NoEnvironment, error.Message);
    }

    [Fact]
    public async Task The_application_store_looking_up_by_id_outside_an_environment_throws_too()
    {
        await ImportAsync(File());
        var id = await Server.InDatabaseAsync(db => db.Applications.Where(a => a.ClientId == WebClient).Select(a => a.Id).SingleAsync());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Server.InScopeAsync(async services =>
            await services.GetRequiredService<IOpenIddictApplicationManager>().FindByIdAsync(id)));

        Assert.Equal(EnvironmentContext.NoEnvironment, error.Message);
    }

    [Fact]
    public async Task A_scope_created_for_an_environment_finds_that_environments_applications()
    {
        await ImportAsync(File());
        var environment = await Server.InDatabaseAsync(db => db.Environments.AsNoTracking().SingleAsync(e => e.Id == Id));

        await using var scope = Server.Services.GetRequiredService<IServiceScopeFactory>().CreateEnvironmentScope(environment);
        var found = await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(WebClient);

        Assert.Equal(Id, Assert.IsType<FlowsApplication>(found).EnvironmentId);
    }

    [Fact]
    public async Task A_scope_that_entered_an_environment_refuses_to_enter_another()
    {
        await ImportAsync(File());
        var environment = await Server.InDatabaseAsync(db => db.Environments.AsNoTracking().SingleAsync(e => e.Id == Id));
        await using var scope = Server.Services.GetRequiredService<IServiceScopeFactory>().CreateEnvironmentScope(environment);
        var context = scope.ServiceProvider.GetRequiredService<EnvironmentContext>();

        context.Enter(new EnvironmentRecord { Id = Id, Name = "Sample", DefaultFlowId = ShippedFlow });
        Assert.Throws<InvalidOperationException>(() => context.Enter(new EnvironmentRecord { Id = "elsewhere", Name = "Elsewhere", DefaultFlowId = ShippedFlow }));
        Assert.Equal(Id, context.Required.Id);
    }

    [Fact]
    public async Task Two_scopes_keep_their_own_environments()
    {
        await ImportAsync(File());
        var environment = await Server.InDatabaseAsync(db => db.Environments.AsNoTracking().SingleAsync(e => e.Id == Id));
        var scopes = Server.Services.GetRequiredService<IServiceScopeFactory>();

        await using var inside = scopes.CreateEnvironmentScope(environment);
        await using var outside = scopes.CreateAsyncScope();

        Assert.Equal(Id, inside.ServiceProvider.GetRequiredService<EnvironmentContext>().Current?.Id);
        Assert.Null(outside.ServiceProvider.GetRequiredService<EnvironmentContext>().Current);
    }
}
