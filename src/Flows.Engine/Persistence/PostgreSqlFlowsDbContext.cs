using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>The engine's tables on PostgreSQL, for several server nodes sharing one database.</summary>
public sealed class PostgreSqlFlowsDbContext(DbContextOptions<PostgreSqlFlowsDbContext> options) : FlowsDbContext(options);
