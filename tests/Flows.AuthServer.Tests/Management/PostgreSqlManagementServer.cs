using Flows.Testing;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// The management test server (its bootstrap administration included) on a throw-away PostgreSQL database of
/// its own; scripts/test.sh starts the PostgreSQL and sets FLOWS_TEST_POSTGRES. One per test class.
/// </summary>
public sealed class PostgreSqlManagementServer : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public ManagementServerFixture Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgreSqlAsync();
        Server = new OnPostgreSql(_database.Options.ConnectionString);
        await ((IAsyncLifetime)Server).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Server).DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class OnPostgreSql(string connectionString) : ManagementServerFixture
    {
        protected override string? PostgreSqlConnectionString => connectionString;
    }
}
