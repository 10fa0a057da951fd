using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Flows.AuthServer.Data;

/// <summary>The server's tables on SQLite.</summary>
public sealed class SqliteServerDbContext(DbContextOptions<SqliteServerDbContext> options) : ServerDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset stored as text; as UTC ticks it can.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The server's tables on PostgreSQL.</summary>
public sealed class PostgreSqlServerDbContext(DbContextOptions<PostgreSqlServerDbContext> options) : ServerDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteServerDbContext</c> build the SQLite model.</summary>
internal sealed class SqliteServerDesignTimeFactory : IDesignTimeDbContextFactory<SqliteServerDbContext>
{
    public SqliteServerDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteServerDbContext>()
        .UseSqlite("Data Source=design.db", sqlite => sqlite.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable)).Options);
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgreSqlServerDbContext</c> build the PostgreSQL model.</summary>
internal sealed class PostgreSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlServerDbContext>
{
    public PostgreSqlServerDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgreSqlServerDbContext>()
        .UseNpgsql("Host=127.0.0.1;Database=flows_design", npgsql => npgsql.MigrationsHistoryTable(ServerDbContext.MigrationsHistoryTable)).Options);
}
