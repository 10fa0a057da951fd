using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Retention;
using Flows.AuthServer.Tests.Hosting;
using Flows.Engine.Instances;
using Flows.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static Flows.AuthServer.Tests.Hosting.TestEnvironment;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Tests.Retention;

/// <summary>The purge on PostgreSQL, the database several nodes share: purges running at once each delete a row once.</summary>
public sealed class RetentionPostgreSqlTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ShortRetentionPostgreSqlServer _server = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgreSqlAsync();
        _server = new ShortRetentionPostgreSqlServer(_database.Options.ConnectionString);
        await ((IAsyncLifetime)_server).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_server).DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Purges_of_several_nodes_at_once_delete_flows_sessions_and_tokens_past_retention_once()
    {
        var flows = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var browser = new Browser(_server.BaseAddress);
            using var response = await browser.GetAsync(SignIn.AuthorizeUrl(WebClientId, WebRedirect, Pkce.New()));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            flows.Add(QueryHelpers.ParseQuery(new Uri(_server.BaseAddress, response.Headers.Location!).Query)["flowId"].ToString());
        }

        for (var i = 0; i < 4; i++)
        {
            await StoreRevokedTokenAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PurgeAsNodeAsync()));

        // The server's own sweeper ran at start, before these rows, and next runs in an hour.
        Assert.Equal((5, 5, 4L), (results.Sum(r => r.FlowInstances), results.Sum(r => r.Sessions), results.Sum(r => r.Tokens)));
        await using var scope = _server.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>();
        foreach (var flow in flows)
        {
            Assert.Null(await store.FindAsync(flow, CancellationToken.None));
        }

        var db = scope.ServiceProvider.GetRequiredService<ServerDbContext>();
        Assert.Equal(0, await db.Sessions.CountAsync());
        Assert.Equal(0, await db.Set<FlowsToken>().CountAsync());
    }

    private async Task<RetentionPurgeResult> PurgeAsNodeAsync()
    {
        await using var scope = _server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);
    }

    private async Task StoreRevokedTokenAsync()
    {
        await using var scope = _server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().CreateAsync(new OpenIddictTokenDescriptor
        {
            CreationDate = DateTimeOffset.UtcNow - TimeSpan.FromHours(1),
            ExpirationDate = DateTimeOffset.UtcNow + TimeSpan.FromDays(1),
            Status = Statuses.Revoked,
            Subject = "user-1",
            Type = TokenTypeHints.RefreshToken,
        });
    }

    /// <summary>The test server on PostgreSQL with sessions, idle flows and every retention at one second; the sweeper runs rarely.</summary>
    private sealed class ShortRetentionPostgreSqlServer(string connectionString) : ServerFixture
    {
        protected override string? PostgreSqlConnectionString => connectionString;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Flows:Sessions:Lifetime", "00:00:01");
            builder.UseSetting("Flows:Engine:IdleTimeout", "00:00:01");
            foreach (var key in new[] { "FlowInstances", "Sessions", "Tokens" })
            {
                builder.UseSetting($"Flows:Retention:{key}", "00:00:01");
            }
        }
    }
}
