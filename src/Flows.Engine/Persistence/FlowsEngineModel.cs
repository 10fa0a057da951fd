using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>The engine's table mappings, in one place so a host's own context can include them too.</summary>
public static class FlowsEngineModel
{
    public static ModelBuilder ApplyFlowsEngineModel(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FlowInstance>(instance =>
        {
            instance.ToTable("FlowInstances");
            instance.HasKey(i => i.Id);
            instance.Property(i => i.Id).HasMaxLength(64);
            instance.Property(i => i.EnvironmentId).HasMaxLength(64);
            instance.Property(i => i.DefinitionId).HasMaxLength(128);
            instance.Property(i => i.ApplicationId).HasMaxLength(128);
            instance.Property(i => i.UserId).HasMaxLength(128);
            instance.Property(i => i.CurrentNodeId).HasMaxLength(128);
            instance.Property(i => i.SessionTokenHash).HasMaxLength(128);
            instance.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
            instance.Property(i => i.Prompt).HasConversion(JsonColumn.Converter<FlowPrompt?>(), JsonColumn.Comparer<FlowPrompt?>());
            instance.Property(i => i.State).HasConversion(JsonColumn.Converter<FlowState>(), JsonColumn.Comparer<FlowState>());
            instance.Property(i => i.Error).HasConversion(JsonColumn.Converter<FlowError?>(), JsonColumn.Comparer<FlowError?>());
            instance.Property(i => i.Revision).IsConcurrencyToken();
            instance.Ignore(i => i.IsTerminal);
            instance.Ignore(i => i.Stored);

            // The operator console filters by these; newest first within each. The first serves the unfiltered
            // list (and age filters): without it, SQLite sorts every instance of the environment for one page.
            // Status with application is the console's everyday question ("who is stuck signing in to X?").
            instance.HasIndex(i => new { i.EnvironmentId, i.CreatedAt });
            instance.HasIndex(i => new { i.EnvironmentId, i.Status, i.CreatedAt });
            instance.HasIndex(i => new { i.EnvironmentId, i.Status, i.ApplicationId, i.CreatedAt });
            // Also the funnel's: with the id, status and current node in it, a version's runs in a period are read from the index alone.
            instance.HasIndex(i => new { i.EnvironmentId, i.DefinitionId, i.DefinitionVersion, i.CreatedAt, i.Id, i.Status, i.CurrentNodeId });
            instance.HasIndex(i => new { i.EnvironmentId, i.ApplicationId, i.CreatedAt });
            instance.HasIndex(i => new { i.EnvironmentId, i.UserId, i.CreatedAt });
            instance.HasIndex(i => i.CreatedAt);
            instance.HasIndex(i => new { i.Status, i.ExpiresAt });

            // A session's token is renewed when it signs in, and its flows move with it (TransferSessionAsync).
            instance.HasIndex(i => i.SessionTokenHash);
        });

        modelBuilder.Entity<FlowJournalEntry>(entry =>
        {
            entry.ToTable("FlowJournal");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.InstanceId).HasMaxLength(64);
            entry.Property(e => e.NodeId).HasMaxLength(128);
            entry.Property(e => e.ActivityType).HasMaxLength(128);
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Outcome).HasMaxLength(64);
            entry.Property(e => e.ErrorCode).HasMaxLength(64);
            entry.Property(e => e.Result).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.DefinitionId).HasMaxLength(128);
            entry.HasIndex(e => new { e.InstanceId, e.Id });

            // A sub-flow's funnel finds the steps runs of other flows took in it by these.
            entry.HasIndex(e => new { e.DefinitionId, e.DefinitionVersion, e.InstanceId });

            // The funnel counts the steps of many runs by node, result and outcome: covering them spares a row read per step.
            entry.HasIndex(e => new { e.InstanceId, e.NodeId, e.Result, e.Outcome, e.Action });
        });

        modelBuilder.Entity<FlowFunnelCount>(count =>
        {
            // The key leads with what a funnel asks for (a version, a range of hours), so its read is one range of the key.
            count.ToTable("FlowFunnelCounts");
            count.HasKey(c => new { c.EnvironmentId, c.DefinitionId, c.DefinitionVersion, c.Hour, c.NodeId, c.Kind, c.Outcome });
            count.Property(c => c.EnvironmentId).HasMaxLength(64);
            count.Property(c => c.DefinitionId).HasMaxLength(128);
            count.Property(c => c.NodeId).HasMaxLength(128);
            count.Property(c => c.Kind).HasMaxLength(32);
            count.Property(c => c.Outcome).HasMaxLength(128);
        });

        modelBuilder.Entity<FlowDefinitionRecord>(record =>
        {
            record.ToTable("FlowDefinitions");
            record.HasKey(r => new { r.EnvironmentId, r.DefinitionId, r.Version });
            record.Property(r => r.EnvironmentId).HasMaxLength(64);
            record.Property(r => r.DefinitionId).HasMaxLength(128);
            record.Property(r => r.Name).HasMaxLength(256);
            record.Property(r => r.Note).HasMaxLength(1024);
        });

        return modelBuilder;
    }
}
