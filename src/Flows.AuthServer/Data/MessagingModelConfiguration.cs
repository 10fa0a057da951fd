using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flows.AuthServer.Data;

/// <summary>Table mapping of the environments' messaging settings: one row per environment.</summary>
internal sealed class MessagingSettingsConfiguration : IEntityTypeConfiguration<MessagingSettingsRecord>
{
    public void Configure(EntityTypeBuilder<MessagingSettingsRecord> settings)
    {
        settings.ToTable("MessagingSettings");
        settings.HasKey(s => s.EnvironmentId);
        settings.Property(s => s.EnvironmentId).HasMaxLength(64);
        settings.Property(s => s.SmtpHost).HasMaxLength(253);
        settings.Property(s => s.SmtpSecurity).HasMaxLength(16);
        settings.Property(s => s.SmtpUsername).HasMaxLength(256);
        settings.Property(s => s.FromAddress).HasMaxLength(256);
        settings.Property(s => s.FromName).HasMaxLength(256);
        settings.Property(s => s.SmsGatewayUrl).HasMaxLength(2048);
    }
}

/// <summary>Table mapping of the users' e-mail and SMS devices: at most one of each per user, gone with their user.</summary>
internal sealed class ContactDeviceConfiguration : IEntityTypeConfiguration<ContactDeviceRecord>
{
    public void Configure(EntityTypeBuilder<ContactDeviceRecord> device)
    {
        device.ToTable("ContactDevices");
        device.HasKey(d => new { d.EnvironmentId, d.UserId, d.Channel });
        device.Property(d => d.EnvironmentId).HasMaxLength(64);
        device.Property(d => d.UserId).HasMaxLength(64);
        device.Property(d => d.Channel).HasMaxLength(16);
        device.Property(d => d.Address).HasMaxLength(256);
        device.HasOne<UserRecord>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Table mapping of the codes sent to users: one per flow step, as a hash, gone with their user.</summary>
internal sealed class SentCodeConfiguration : IEntityTypeConfiguration<SentCodeRecord>
{
    public void Configure(EntityTypeBuilder<SentCodeRecord> code)
    {
        code.ToTable("SentCodes");
        code.HasKey(c => new { c.EnvironmentId, c.FlowInstanceId, c.NodeId });
        code.Property(c => c.EnvironmentId).HasMaxLength(64);
        code.Property(c => c.FlowInstanceId).HasMaxLength(64);
        code.Property(c => c.NodeId).HasMaxLength(128);
        code.Property(c => c.UserId).HasMaxLength(64);
        code.Property(c => c.CodeHash).HasMaxLength(64);
        code.Property(c => c.Salt).HasMaxLength(64);
        code.HasIndex(c => c.ExpiresAt);
        code.HasOne<UserRecord>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
