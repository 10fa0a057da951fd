using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>
/// The engine's tables. Each database provider has a subclass with its own migrations, because
/// migrations are provider-specific; the model is the same.
/// </summary>
public abstract class FlowsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<FlowInstance> Instances => Set<FlowInstance>();

    public DbSet<FlowJournalEntry> Journal => Set<FlowJournalEntry>();

    public DbSet<FlowFunnelCount> FunnelCounts => Set<FlowFunnelCount>();

    public DbSet<FlowDefinitionRecord> Definitions => Set<FlowDefinitionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyFlowsEngineModel();
}
