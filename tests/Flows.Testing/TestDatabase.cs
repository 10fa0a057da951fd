using Flows.Engine.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Flows.Testing;

/// <summary>
/// A fresh, empty database for one test: a temporary SQLite file, or a new database on the PostgreSQL server
/// named by the <c>FLOWS_TEST_POSTGRES</c> connection string (scripts/test.sh starts one).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "FLOWS_TEST_POSTGRES";

    private readonly Func<Task> _drop;

    private TestDatabase(FlowsDatabaseOptions options, Func<Task> drop)
    {
        Options = options;
        _drop = drop;
    }

    public FlowsDatabaseOptions Options { get; }

    public static TestDatabase Sqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"flows-test-{Guid.NewGuid():N}.db");
        return new TestDatabase(
            new FlowsDatabaseOptions { Provider = FlowsDatabaseProviders.Sqlite, ConnectionString = $"Data Source={path}" },
            () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }

                return Task.CompletedTask;
            });
    }

    public static async Task<TestDatabase> PostgreSqlAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(server))
        {
            throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with scripts/test.sh, which starts a PostgreSQL server for them.");
        }

        var name = $"flows_test_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(
            new FlowsDatabaseOptions { Provider = FlowsDatabaseProviders.PostgreSql, ConnectionString = connectionString },
            async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            });
    }

    public ValueTask DisposeAsync() => new(_drop());

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
