using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Protocol;
using Flows.AuthServer.Provisioning;
using Flows.AuthServer.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using static Flows.AuthServer.Tests.Support.SampleEnvironments;

namespace Flows.AuthServer.Tests.Protocol;

/// <summary>
/// The manager that remembers verified client secrets, against OpenIddict's own: the same answer for every secret,
/// the first time and from memory; a rotated secret refused at once; a secret changed elsewhere seen once the
/// application is read again; off, OpenIddict's manager, which remembers nothing.
/// </summary>
public sealed class FlowsApplicationManagerTests : ImportTestBase
{
    private const string NewSecret = "a-new-web-secret-for-tests-only";

    private static readonly string[] Presented =
        [WebSecret, "wrong", WebSecret + " ", WebSecret.ToUpperInvariant(), WebSecret[..^1], NewSecret, WebSecret];

    [Fact]
    public async Task Every_secret_gets_openiddicts_answer_the_first_time_and_from_memory()
    {
        await ImportAsync(File());

        var answers = await WithWebAsync(async (services, web) =>
        {
            var openIddict = ActivatorUtilities.CreateInstance<OpenIddictApplicationManager<FlowsApplication>>(services);
            var ours = services.GetRequiredService<IOpenIddictApplicationManager>();
            var pairs = new List<(string, bool, bool)>();
            foreach (var secret in Presented.Concat(Presented))
            {
                pairs.Add((secret, await openIddict.ValidateClientSecretAsync(web, secret), await ours.ValidateClientSecretAsync(web, secret)));
            }

            return (ours.GetType(), pairs);
        });

        Assert.Equal(typeof(FlowsApplicationManager), answers.Item1);
        Assert.All(answers.pairs, pair => Assert.Equal(pair.Item2, pair.Item3));
        Assert.Equal(4, answers.pairs.Count(pair => pair.Item3));
    }

    [Fact]
    public async Task A_verified_secret_is_remembered_for_its_stored_hash_only()
    {
        await ImportAsync(File());
        var verified = Server.Services.GetRequiredService<VerifiedSecrets>();

        var hash = await WithWebAsync(async (services, web) =>
        {
            await services.GetRequiredService<IOpenIddictApplicationManager>().ValidateClientSecretAsync(web, WebSecret);
            return web.ClientSecret!;
        });

        Assert.True(verified.Matches(hash, WebSecret));
        Assert.False(verified.Matches(hash, "wrong"));
        Assert.False(verified.Matches(hash + "x", WebSecret));
    }

    [Fact]
    public async Task A_rotated_secret_is_refused_at_once_and_the_new_one_accepted()
    {
        await ImportAsync(File());
        await ValidateAsync(WebSecret);
        var verified = Server.Services.GetRequiredService<VerifiedSecrets>();
        var oldHash = await StoredHashAsync();

        var rotated = await Server.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ServerDbContext>();
            var environment = await db.Environments.AsNoTracking().SingleAsync(e => e.Id == Id);
            var web = await db.Applications.SingleAsync(a => a.EnvironmentId == Id && a.ClientId == WebClient);
            return await services.GetRequiredService<ApplicationEditor>().RotateSecretAsync(environment, web, CancellationToken.None);
        });

        Assert.Equal((false, true), (await ValidateAsync(WebSecret), await ValidateAsync(rotated)));
        Assert.False(verified.Matches(oldHash, WebSecret));
    }

    [Fact]
    public async Task A_secret_changed_elsewhere_is_seen_once_the_application_is_read_again()
    {
        await ImportAsync(File());
        await ValidateAsync(WebSecret);

        // OpenIddict's own manager changes the secret of a copy read from the database, as another node would: nothing
        // here is told of it.
        await Server.InScopeAsync(async services =>
        {
            var db = services.GetRequiredService<ServerDbContext>();
            var environment = await db.Environments.AsNoTracking().SingleAsync(e => e.Id == Id);
            var web = await db.Applications.SingleAsync(a => a.EnvironmentId == Id && a.ClientId == WebClient);
            services.GetRequiredService<EnvironmentContext>().Enter(environment);
            await ActivatorUtilities.CreateInstance<OpenIddictApplicationManager<FlowsApplication>>(services).UpdateAsync(web, NewSecret);
        });
        Server.Clock.Advance(ApplicationCache.Lifetime);

        Assert.Equal((false, true), (await ValidateAsync(WebSecret), await ValidateAsync(NewSecret)));
    }

    [Fact]
    public async Task Without_acceleration_the_manager_is_openiddicts_and_remembers_nothing()
    {
        await using var server = await ServerServices.StartAsync(new Dictionary<string, string?>
        {
            [$"{ProtocolAccelerationOptions.Section}:{nameof(ProtocolAccelerationOptions.Accelerate)}"] = "false",
        });
        await server.InScopeAsync(services => services.GetRequiredService<EnvironmentImporter>().ImportAsync(File(), CancellationToken.None));

        var (type, valid, hash) = await server.InScopeAsync(async services =>
        {
            var environment = await services.GetRequiredService<ServerDbContext>().Environments.AsNoTracking().SingleAsync(e => e.Id == Id);
            services.GetRequiredService<EnvironmentContext>().Enter(environment);
            var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
            var web = (FlowsApplication)(await manager.FindByClientIdAsync(WebClient))!;
            return (manager.GetType(), await manager.ValidateClientSecretAsync(web, WebSecret), web.ClientSecret!);
        });

        Assert.Equal(typeof(OpenIddictApplicationManager<FlowsApplication>), type);
        Assert.True(valid);
        Assert.False(server.Services.GetRequiredService<VerifiedSecrets>().Matches(hash, WebSecret));
    }

    private Task<bool> ValidateAsync(string secret) => WithWebAsync((services, web) =>
        services.GetRequiredService<IOpenIddictApplicationManager>().ValidateClientSecretAsync(web, secret).AsTask());

    private Task<string> StoredHashAsync() => Server.InDatabaseAsync(db =>
        db.Applications.Where(a => a.EnvironmentId == Id && a.ClientId == WebClient).Select(a => a.ClientSecret!).SingleAsync());

    /// <summary>Runs a call with the web client as OpenIddict finds it while serving a request of the environment.</summary>
    private Task<T> WithWebAsync<T>(Func<IServiceProvider, FlowsApplication, Task<T>> call) => Server.InScopeAsync(async services =>
    {
        var environment = await services.GetRequiredService<ServerDbContext>().Environments.AsNoTracking().SingleAsync(e => e.Id == Id);
        services.GetRequiredService<EnvironmentContext>().Enter(environment);
        var web = await services.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(WebClient);
        return await call(services, (FlowsApplication)web!);
    });
}
