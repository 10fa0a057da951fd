using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.Engine.Hosting;
using Flows.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Flows.AuthServer.Tests.Management;

/// <summary>
/// Upgrading a database made before administrators had roles: every user of the admin environment was a full
/// administrator and stays one, holding both roles; users of other environments get none.
/// </summary>
public sealed class AdministratorRolesMigrationTests
{
    private const string Migration = "AdministratorRoles";

    [Fact]
    public async Task Existing_administrators_get_both_roles_on_sqlite() => await UpgradeAsync(TestDatabase.Sqlite());

    [Fact]
    public async Task Existing_administrators_get_both_roles_on_postgresql() => await UpgradeAsync(await TestDatabase.PostgreSqlAsync());

    private static async Task UpgradeAsync(TestDatabase database)
    {
        await using var _ = database;
        await using var db = Open(database.Options);
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_" + Migration, StringComparison.Ordinal));
        Assert.True(index > 0, $"There is no migration {Migration}.");
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[index - 1]);

        var created = database.Options.Provider == FlowsDatabaseProviders.PostgreSql ? (object)DateTimeOffset.UtcNow : 0L;
        const string attributes = "{}";
        foreach (var (id, environment, groups) in new[]
        {
            ("old-admin", "admin", "[]"),
            ("old-reader", "admin", """["staff","flows.read"]"""),
            ("customer", "shop", "[]"),
        })
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Users" ("Id", "EnvironmentId", "Username", "NormalizedUsername", "Enabled", "MustChangePassword",
                    "AccessFailedCount", "Groups", "Attributes", "CreatedAt", "UpdatedAt")
                VALUES ({id}, {environment}, {id}, {id.ToUpperInvariant()}, TRUE, FALSE, 0, {groups}, {attributes}, {created}, {created})
                """);
        }

        await migrator.MigrateAsync();

        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Groups);
        Assert.Equal([ManagementRoles.Read, ManagementRoles.Write], users["old-admin"]);
        Assert.Equal(["staff", ManagementRoles.Read, ManagementRoles.Write], users["old-reader"]);
        Assert.Empty(users["customer"]);
    }

    private static ServerDbContext Open(FlowsDatabaseOptions options) => options.Provider == FlowsDatabaseProviders.PostgreSql
        ? new PostgreSqlServerDbContext(new DbContextOptionsBuilder<PostgreSqlServerDbContext>()
            .UseNpgsql(options.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable)).Options)
        : new SqliteServerDbContext(new DbContextOptionsBuilder<SqliteServerDbContext>()
            .UseSqlite(options.ConnectionString, sqlite => sqlite.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable)).Options);
}
