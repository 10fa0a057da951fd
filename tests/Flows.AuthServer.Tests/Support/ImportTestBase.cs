using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Provisioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Tests.Support;

/// <summary>Fresh server services, and ways to import and to look at what an import left in the database.</summary>
public abstract class ImportTestBase : IAsyncLifetime
{
    protected ServerServices Server { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Server = await ServerServices.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected Task<EnvironmentImportResult> ImportAsync(EnvironmentFile file) =>
        Server.InScopeAsync(services => services.GetRequiredService<EnvironmentImporter>().ImportAsync(file, CancellationToken.None));

    /// <summary>Finds a client as OpenIddict would while serving a request of the environment.</summary>
    protected Task<T> WithApplicationAsync<T>(string environmentId, string clientId, Func<IOpenIddictApplicationManager, object?, Task<T>> call) =>
        Server.InScopeAsync(async services =>
        {
            var environment = await services.GetRequiredService<ServerDbContext>().Environments.AsNoTracking().FirstAsync(e => e.Id == environmentId);
            services.GetRequiredService<EnvironmentContext>().Enter(environment);
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            return await call(manager, await manager.FindByClientIdAsync(clientId));
        });

    /// <summary>Counts of every kind of row an import creates, to tell that a second import created nothing.</summary>
    protected Task<(int Environments, int Keys, int Applications, int Users)> CountRowsAsync() => Server.InDatabaseAsync(async db => (
        await db.Environments.CountAsync(),
        await db.SigningKeys.CountAsync(),
        await db.Applications.CountAsync(),
        await db.Users.CountAsync()));
}
