using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> over real HTTP: alive whenever the process answers, ready only on a reachable
/// database with every migration applied.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HealthEndpointTests(ServerFixture server)
{
    [Fact]
    public async Task Healthz_answers_that_the_server_is_alive()
    {
        using var http = server.CreateRawClient();

        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task Readyz_answers_ready_on_a_migrated_database()
    {
        using var http = server.CreateRawClient();

        using var response = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_answers_503_while_a_migration_is_pending_and_healthz_still_200()
    {
        var pending = new ServerFixture();
        await ((IAsyncLifetime)pending).InitializeAsync();
        try
        {
            using var http = pending.CreateRawClient();
            var connectionString = pending.Services.GetRequiredService<IConfiguration>()["Flows:Database:ConnectionString"];
            await using (var connection = new SqliteConnection(connectionString))
            {
                // The server's newest migration, as if this build were newer than the database.
                await connection.OpenAsync();
                await using var forget = connection.CreateCommand();
                var history = ServerDbContext.MigrationsHistoryTable;
                forget.CommandText = $"DELETE FROM \"{history}\" WHERE \"MigrationId\" = (SELECT MAX(\"MigrationId\") FROM \"{history}\")";
                Assert.Equal(1, await forget.ExecuteNonQueryAsync());
            }

            using var ready = await http.GetAsync("/readyz");
            using var alive = await http.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)pending).DisposeAsync();
        }
    }

    [Fact]
    public async Task Readyz_answers_503_once_the_database_cannot_be_reached()
    {
        var database = await TestDatabase.PostgreSqlAsync();
        var unreachable = new PostgreSqlServer(database.Options.ConnectionString);
        await ((IAsyncLifetime)unreachable).InitializeAsync();
        try
        {
            using var http = unreachable.CreateRawClient();
            using (var before = await http.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            await database.DisposeAsync();

            using var ready = await http.GetAsync("/readyz");
            using var alive = await http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.DoesNotContain(database.Options.ConnectionString, await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
        finally
        {
            await ((IAsyncLifetime)unreachable).DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private sealed class PostgreSqlServer(string connectionString) : ServerFixture
    {
        protected override string? PostgreSqlConnectionString => connectionString;
    }
}
