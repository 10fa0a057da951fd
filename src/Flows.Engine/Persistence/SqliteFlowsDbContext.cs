using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Flows.Engine.Persistence;

/// <summary>The engine's tables on SQLite, the default embedded database.</summary>
public sealed class SqliteFlowsDbContext(DbContextOptions<SqliteFlowsDbContext> options) : FlowsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset stored as text; as UTC ticks it can.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
