using System.Net;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.AuthServer.Operations;
using Flows.AuthServer.Tests.Hosting;
using Flows.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Flows.AuthServer.Tests.Operations;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> over real HTTP: alive whenever the process answers, ready only on a reachable
/// database with every migration applied and, on PostgreSQL, while the node listens to the other nodes' changes.
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

    [Fact]
    public async Task Readyz_answers_503_while_the_node_does_not_listen_to_changes_and_200_once_it_listens_again()
    {
        var database = await TestDatabase.PostgreSqlAsync();
        var node = new PostgreSqlServer(database.Options.ConnectionString);
        await ((IAsyncLifetime)node).InitializeAsync();
        var name = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString).Database!;
        try
        {
            using var http = node.CreateRawClient();
            using (var before = await http.GetAsync("/readyz"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            // The listener's connection is cut and may not come back; the node's pooled connections stay open.
            await ExecuteAsync(database, $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false");
            Assert.Equal(1L, await ExecuteAsync(database,
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database AND application_name = @listener",
                name, $"{PostgreSqlChangeChannel.ListenerApplicationName}-{Environment.ProcessId}"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await AwaitReadinessAsync(http, HttpStatusCode.ServiceUnavailable));
            var report = await node.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, report.Entries[ChangeListenerReadiness.Name].Status);
            Assert.Equal(HealthStatus.Healthy, report.Entries[DatabaseReadiness.Name].Status);
            using (var alive = await http.GetAsync("/healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            }

            await ExecuteAsync(database, $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true");
            Assert.Equal(HttpStatusCode.OK, await AwaitReadinessAsync(http, HttpStatusCode.OK));
        }
        finally
        {
            await ExecuteAsync(database, $"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true");
            await ((IAsyncLifetime)node).DisposeAsync();
            await database.DisposeAsync();
        }
    }

    // The listener notices a cut connection and retries with a backoff of up to 5 s: readiness follows within seconds.
    private static async Task<HttpStatusCode> AwaitReadinessAsync(HttpClient http, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await http.GetAsync("/readyz");
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    // On the server's maintenance database, as an operator would: the test database may refuse connections meanwhile.
    private static async Task<object?> ExecuteAsync(TestDatabase database, string sql, string? name = null, string? listener = null)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(database.Options.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (name is not null)
        {
            command.Parameters.AddWithValue("database", name);
            command.Parameters.AddWithValue("listener", listener!);
        }

        return await command.ExecuteScalarAsync();
    }

    private sealed class PostgreSqlServer(string connectionString) : ServerFixture
    {
        protected override string? PostgreSqlConnectionString => connectionString;
    }
}
