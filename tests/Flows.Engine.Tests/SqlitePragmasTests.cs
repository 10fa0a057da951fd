using Flows.Engine.Persistence;
using Flows.Engine.Tests.TestActivities;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.Engine.Tests;

/// <summary>The SQLite settings every connection runs with, however often the pool hands the same one out again.</summary>
public sealed class SqlitePragmasTests : IAsyncLifetime
{
    private FlowsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await FlowsTestHost.StartAsync(TestCatalog.Types, services => services.AddSingleton<TestGate>(), TestDatabase.Sqlite());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_open_of_a_pooled_connection_has_foreign_keys_on_and_synchronous_normal()
    {
        for (var open = 0; open < 20; open++)
        {
            var (foreignKeys, synchronous) = await _host.InScopeAsync(async services =>
            {
                await using var db = await services.GetRequiredService<IDbContextFactory<FlowsDbContext>>().CreateDbContextAsync();
                await db.Database.OpenConnectionAsync();
                return (await PragmaAsync(db, "foreign_keys"), await PragmaAsync(db, "synchronous"));
            });

            Assert.Equal(1, foreignKeys);
            Assert.Equal(1, synchronous); // NORMAL
        }
    }

    private static async Task<long> PragmaAsync(FlowsDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
