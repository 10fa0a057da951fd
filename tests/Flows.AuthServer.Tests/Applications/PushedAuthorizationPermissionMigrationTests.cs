using Flows.AuthServer.Data;
using Flows.Engine.Hosting;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Flows.AuthServer.Tests.Applications;

/// <summary>
/// Upgrading a database made before pushed authorization requests: every application that may use the authorization
/// endpoint may push its requests too, as a new one may; the others stay as they were.
/// </summary>
public sealed class PushedAuthorizationPermissionMigrationTests
{
    private const string Migration = "PushedAuthorizationPermission";
    private const string Browser = """["ept:authorization","ept:end_session","ept:token","gt:authorization_code","rst:code"]""";
    private const string Service = """["ept:token","ept:introspection","ept:revocation","gt:client_credentials"]""";

    [Fact]
    public async Task Applications_of_the_authorization_endpoint_gain_the_pushed_one_on_sqlite() => await UpgradeAsync(TestDatabase.Sqlite());

    [Fact]
    public async Task Applications_of_the_authorization_endpoint_gain_the_pushed_one_on_postgresql() =>
        await UpgradeAsync(await TestDatabase.PostgreSqlAsync());

    private static async Task UpgradeAsync(TestDatabase database)
    {
        await using var _ = database;
        await using var db = Open(database.Options);
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
        Assert.True(index > 0, $"There is no migration {Migration}.");
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[index - 1]);
        foreach (var (id, permissions) in new[] { ("web", Browser), ("service", Service) })
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "OpenIddictApplications" ("Id", "EnvironmentId", "ClientId", "Permissions") VALUES ({id}, {"shop"}, {id}, {permissions})
                """);
        }

        await migrator.MigrateAsync();

        var stored = await db.Applications.AsNoTracking().ToDictionaryAsync(a => a.ClientId!, a => a.Permissions);
        Assert.Equal("""["ept:authorization","ept:pushed_authorization","ept:end_session","ept:token","gt:authorization_code","rst:code"]""", stored["web"]);
        Assert.Equal(Service, stored["service"]);
    }

    private static ServerDbContext Open(FlowsDatabaseOptions options) => options.Provider == FlowsDatabaseProviders.PostgreSql
        ? new PostgreSqlServerDbContext(new DbContextOptionsBuilder<PostgreSqlServerDbContext>()
            .UseNpgsql(options.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable)).Options)
        : new SqliteServerDbContext(new DbContextOptionsBuilder<SqliteServerDbContext>()
            .UseSqlite(options.ConnectionString, sqlite => sqlite.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable)).Options);
}
