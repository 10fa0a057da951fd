using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flows.AuthServer.Data;

/// <summary>Table mappings of a session's participants: gone with their session.</summary>
internal sealed class SessionParticipantConfiguration : IEntityTypeConfiguration<SessionParticipantRecord>
{
    public void Configure(EntityTypeBuilder<SessionParticipantRecord> participant)
    {
        participant.ToTable("SessionParticipants");
        participant.HasKey(p => new { p.SessionId, p.ClientId });
        participant.Property(p => p.SessionId).HasMaxLength(64);
        participant.Property(p => p.EnvironmentId).HasMaxLength(64);
        participant.Property(p => p.ClientId).HasMaxLength(100);
        participant.Property(p => p.Subject).HasMaxLength(64);
        participant.HasOne<SessionRecord>().WithMany().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Table mappings of the back-channel logout outbox: read by when each delivery is due.</summary>
internal sealed class LogoutDeliveryConfiguration : IEntityTypeConfiguration<LogoutDeliveryRecord>
{
    public void Configure(EntityTypeBuilder<LogoutDeliveryRecord> delivery)
    {
        delivery.ToTable("LogoutDeliveries");
        delivery.Property(d => d.Id).HasMaxLength(64);
        delivery.Property(d => d.EnvironmentId).HasMaxLength(64);
        delivery.Property(d => d.ClientId).HasMaxLength(100);
        delivery.Property(d => d.Uri).HasMaxLength(2048);
        delivery.Property(d => d.Issuer).HasMaxLength(2048);
        delivery.Property(d => d.Subject).HasMaxLength(64);
        delivery.Property(d => d.SessionId).HasMaxLength(64);
        delivery.Property(d => d.TokenId).HasMaxLength(64);
        // A dispatcher claims a delivery by moving NextAttemptAt from the value it read: two nodes never both send it.
        delivery.Property(d => d.NextAttemptAt).IsConcurrencyToken();
        delivery.HasIndex(d => d.NextAttemptAt);
    }
}

/// <summary>The logout addresses of an application (OpenID Connect Back- and Front-Channel Logout 1.0).</summary>
internal sealed class ApplicationLogoutConfiguration : IEntityTypeConfiguration<FlowsApplication>
{
    public void Configure(EntityTypeBuilder<FlowsApplication> application)
    {
        application.Property(a => a.BackchannelLogoutUri).HasMaxLength(2048);
        application.Property(a => a.FrontchannelLogoutUri).HasMaxLength(2048);
    }
}
