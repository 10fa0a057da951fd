using Flows.Activities.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flows.AuthServer.Data;

/// <summary>Table mappings of the environments.</summary>
internal sealed class EnvironmentConfiguration : IEntityTypeConfiguration<EnvironmentRecord>
{
    public void Configure(EntityTypeBuilder<EnvironmentRecord> environment)
    {
        environment.ToTable("Environments");
        environment.Property(e => e.Id).HasMaxLength(64);
        environment.Property(e => e.Name).HasMaxLength(256);
        environment.Property(e => e.DefaultFlowId).HasMaxLength(128);
        environment.Property(e => e.UserSchema)
            .HasConversion(JsonValue.Converter<List<UserAttributeDefinition>>(), JsonValue.Comparer<List<UserAttributeDefinition>>());
    }
}

/// <summary>Table mappings of the users: unique usernames per environment.</summary>
internal sealed class UserConfiguration : IEntityTypeConfiguration<UserRecord>
{
    public void Configure(EntityTypeBuilder<UserRecord> user)
    {
        user.ToTable("Users");
        user.Property(u => u.Id).HasMaxLength(64);
        user.Property(u => u.EnvironmentId).HasMaxLength(64);
        user.Property(u => u.Username).HasMaxLength(256);
        user.Property(u => u.NormalizedUsername).HasMaxLength(256);
        user.Property(u => u.Email).HasMaxLength(256);
        user.Property(u => u.Name).HasMaxLength(256);
        user.Property(u => u.Groups).HasConversion(JsonValue.Converter<List<string>>(), JsonValue.Comparer<List<string>>());
        user.Property(u => u.Attributes).HasConversion(JsonValue.Converter<Dictionary<string, string>>(), JsonValue.Comparer<Dictionary<string, string>>());
        user.HasIndex(u => new { u.EnvironmentId, u.NormalizedUsername }).IsUnique();

        // The purge of unverified registrations reads the few accounts that have one, not every user.
        user.HasIndex(u => u.UnverifiedSince);
    }
}

/// <summary>Table mappings of the environments' keys.</summary>
internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKeyRecord>
{
    public void Configure(EntityTypeBuilder<SigningKeyRecord> key)
    {
        key.ToTable("SigningKeys");
        key.Property(k => k.Id).HasMaxLength(64);
        key.Property(k => k.EnvironmentId).HasMaxLength(64);
        key.Property(k => k.Use).HasMaxLength(8);
        key.Property(k => k.Status).HasMaxLength(16);
        key.HasIndex(k => new { k.EnvironmentId, k.Use, k.CreatedAt });

        // One next and one active key per environment and use: of two nodes promoting or creating one at the same
        // time, the database lets one through. The filter reads the same in SQLite and PostgreSQL.
        key.HasIndex(k => new { k.EnvironmentId, k.Use, k.Status })
            .IsUnique()
            .HasFilter($"\"Status\" <> '{SigningKeyStatuses.Previous}'");
    }
}

/// <summary>Table mappings of the sessions: looked up by token hash.</summary>
internal sealed class SessionConfiguration : IEntityTypeConfiguration<SessionRecord>
{
    public void Configure(EntityTypeBuilder<SessionRecord> session)
    {
        session.ToTable("Sessions");
        session.Property(s => s.Id).HasMaxLength(64);
        session.Property(s => s.EnvironmentId).HasMaxLength(64);
        // The token is renewed on sign-in: of two sign-ins of one session, the second finds it changed.
        session.Property(s => s.TokenHash).HasMaxLength(64).IsConcurrencyToken();
        session.Property(s => s.UserId).HasMaxLength(64);
        session.Property(s => s.Acr).HasMaxLength(64);
        session.Property(s => s.Amr).HasConversion(JsonValue.Converter<List<string>>(), JsonValue.Comparer<List<string>>());
        session.Property(s => s.Proofs).HasConversion(JsonValue.Converter<List<SessionProof>>(), JsonValue.Comparer<List<SessionProof>>());
        session.Ignore(s => s.IsAuthenticated);
        session.HasIndex(s => s.TokenHash).IsUnique();
        session.HasIndex(s => new { s.EnvironmentId, s.UserId });
    }
}

/// <summary>OpenIddict's applications belong to an environment: client ids are unique per environment only.</summary>
internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<FlowsApplication>
{
    public void Configure(EntityTypeBuilder<FlowsApplication> application)
    {
        application.Property(a => a.EnvironmentId).HasMaxLength(64);
        application.Property(a => a.FlowId).HasMaxLength(128);
        application.Property(a => a.JwksUri).HasMaxLength(2048);
        application.Property(a => a.AcrFlows)
            .HasConversion(JsonValue.Converter<Dictionary<string, string>>(), JsonValue.Comparer<Dictionary<string, string>>());
        var unique = application.Metadata.GetIndexes().FirstOrDefault(i => i.Properties.Count == 1 && i.Properties[0].Name == nameof(FlowsApplication.ClientId));
        if (unique is not null)
        {
            application.Metadata.RemoveIndex(unique);
        }

        application.HasIndex(a => new { a.EnvironmentId, a.ClientId }).IsUnique();
    }
}

/// <summary>Table mappings of the managed flows: one row per flow id in an environment.</summary>
internal sealed class ManagedFlowConfiguration : IEntityTypeConfiguration<ManagedFlowRecord>
{
    public void Configure(EntityTypeBuilder<ManagedFlowRecord> flow)
    {
        flow.ToTable("ManagedFlows");
        flow.HasKey(f => new { f.EnvironmentId, f.DefinitionId });
        flow.Property(f => f.EnvironmentId).HasMaxLength(64);
        flow.Property(f => f.DefinitionId).HasMaxLength(128);
        flow.Property(f => f.Name).HasMaxLength(256);
    }
}

/// <summary>Table mappings of the audit log: read newest first, per environment or all.</summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryRecord>
{
    public void Configure(EntityTypeBuilder<AuditEntryRecord> entry)
    {
        entry.ToTable("AuditEntries");
        entry.Property(e => e.Actor).HasMaxLength(128);
        entry.Property(e => e.EnvironmentId).HasMaxLength(64);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.Method).HasMaxLength(8);
        entry.Property(e => e.Path).HasMaxLength(512);
        entry.HasIndex(e => new { e.EnvironmentId, e.Id });
    }
}

/// <summary>Table mappings of the used client assertions: one row per environment, client and jti.</summary>
internal sealed class ClientAssertionConfiguration : IEntityTypeConfiguration<ClientAssertionRecord>
{
    public void Configure(EntityTypeBuilder<ClientAssertionRecord> assertion)
    {
        assertion.ToTable("ClientAssertions");
        assertion.HasKey(a => new { a.EnvironmentId, a.ClientId, a.TokenIdHash });
        assertion.Property(a => a.EnvironmentId).HasMaxLength(64);
        assertion.Property(a => a.ClientId).HasMaxLength(100);
        assertion.Property(a => a.TokenIdHash).HasMaxLength(64);
    }
}
