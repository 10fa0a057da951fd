using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Flows.Engine.Persistence;

/// <summary>Lets <c>dotnet ef migrations add … --context SqliteFlowsDbContext</c> build the SQLite model.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFlowsDbContext>
{
    public SqliteFlowsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteFlowsDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add … --context PostgreSqlFlowsDbContext</c> build the PostgreSQL model.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlFlowsDbContext>
{
    public PostgreSqlFlowsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlFlowsDbContext>().UseNpgsql("Host=127.0.0.1;Database=flows_design").Options);
}
