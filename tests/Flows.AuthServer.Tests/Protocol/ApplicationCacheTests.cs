using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Flows.AuthServer.Tests.Support.SampleEnvironments;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The application cache's invalidation rules: an entry lives <see cref="ApplicationCache.Lifetime"/>, a change made
/// through this node is seen by the next look-up, a change made elsewhere once the lifetime has passed; off, every
/// look-up reads the database.
/// </summary>
public sealed class ApplicationCacheTests : ImportTestBase
{
    private const string Renamed = "Renamed web";

    [Fact]
    public void An_application_is_found_until_its_lifetime_has_passed()
    {
        var clock = new FakeTimeProvider();
        var cache = new ApplicationCache(clock);
        cache.Add(Application(Id, WebClient));

        clock.Advance(ApplicationCache.Lifetime - TimeSpan.FromSeconds(1));
        var before = cache.Find(Id, WebClient);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = cache.Find(Id, WebClient);

        Assert.NotNull(before);
        Assert.Null(after);
    }

    [Fact]
    public void Forgetting_a_client_or_an_environment_drops_only_its_entries()
    {
        var cache = new ApplicationCache(new FakeTimeProvider());
        foreach (var (environment, client) in new[] { (Id, WebClient), (Id, SpaClient), ("elsewhere", WebClient), ("elsewhere", SpaClient) })
        {
            cache.Add(Application(environment, client));
        }

        cache.Forget(Id, WebClient);
        var afterClient = (cache.Find(Id, WebClient), cache.Find(Id, SpaClient), cache.Find("elsewhere", WebClient));
        cache.ForgetEnvironment("elsewhere");

        Assert.Equal((null, SpaClient, WebClient), (afterClient.Item1?.ClientId, afterClient.Item2?.ClientId, afterClient.Item3?.ClientId));
        Assert.Equal((SpaClient, null, null), (cache.Find(Id, SpaClient)?.ClientId, cache.Find("elsewhere", WebClient), cache.Find("elsewhere", SpaClient)));
    }

    [Fact]
    public void A_disabled_cache_keeps_nothing()
    {
        var cache = new ApplicationCache(new FakeTimeProvider(), enabled: false);
        cache.Add(Application(Id, WebClient));

        Assert.Null(cache.Find(Id, WebClient));
        Assert.False(cache.Enabled);
    }

    [Fact]
    public async Task A_change_made_through_the_editor_is_seen_by_the_next_lookup()
    {
        await ImportAsync(File());
        await DisplayNameAsync(Server);

        await Server.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ServerDbContext>();
            var environment = await db.Environments.AsNoTracking().SingleAsync(e => e.Id == Id);
            var web = await db.Applications.SingleAsync(a => a.EnvironmentId == Id && a.ClientId == WebClient);
            var entry = File().Applications.Single(a => a.ClientId == WebClient);
            await services.GetRequiredService<ApplicationEditor>().UpdateAsync(environment, web, entry with { Name = Renamed }, null, CancellationToken.None);
        });

        Assert.Equal(Renamed, await DisplayNameAsync(Server));
    }

    [Fact]
    public async Task A_change_made_elsewhere_is_seen_once_the_lifetime_has_passed()
    {
        await ImportAsync(File());
        var original = await DisplayNameAsync(Server);

        await RenameInDatabaseAsync(Server);
        var withinLifetime = await DisplayNameAsync(Server);
        Server.Clock.Advance(ApplicationCache.Lifetime);
        var afterLifetime = await DisplayNameAsync(Server);

        Assert.Equal((original, Renamed), (withinLifetime, afterLifetime));
    }

    [Fact]
    public async Task Without_acceleration_every_lookup_reads_the_database()
    {
        await using var server = await ServerServices.StartAsync(new Dictionary<string, string?>
        {
            [$"{ProtocolAccelerationOptions.Section}:{nameof(ProtocolAccelerationOptions.Accelerate)}"] = "false",
        });
        await server.InScopeAsync(services => services.GetRequiredService<EnvironmentImporter>().ImportAsync(File(), CancellationToken.None));
        await DisplayNameAsync(server);

        await RenameInDatabaseAsync(server);

        Assert.Equal(Renamed, await DisplayNameAsync(server));
        Assert.Null(server.Services.GetRequiredService<ApplicationCache>().Find(Id, WebClient));
    }

    private static FlowsApplication Application(string environmentId, string clientId) => new() { EnvironmentId = environmentId, ClientId = clientId };

    /// <summary>The web client's name as OpenIddict reads it while serving a request of the environment.</summary>
    private static Task<string?> DisplayNameAsync(ServerServices server) => server.InScopeAsync(async services =>
    {
        var environment = await services.GetRequiredService<ServerDbContext>().Environments.AsNoTracking().SingleAsync(e => e.Id == Id);
        services.GetRequiredService<EnvironmentContext>().Enter(environment);
        var manager = services.GetRequiredService<OpenIddict.Abstractions.IOpenIddictApplicationManager>();
        return await manager.GetDisplayNameAsync((await manager.FindByClientIdAsync(WebClient))!);
    });

    /// <summary>Renames the client in the database only, as another node's change would look to this one.</summary>
    private static Task RenameInDatabaseAsync(ServerServices server) => server.InDatabaseAsync(db =>
        db.Applications.Where(a => a.EnvironmentId == Id && a.ClientId == WebClient)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.DisplayName, Renamed)));
}
