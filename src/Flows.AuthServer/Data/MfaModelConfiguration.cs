using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flows.AuthServer.Data;

/// <summary>Table mappings of the users' passkeys: one credential id per environment, gone with their user.</summary>
internal sealed class PasskeyCredentialConfiguration : IEntityTypeConfiguration<PasskeyCredentialRecord>
{
    public void Configure(EntityTypeBuilder<PasskeyCredentialRecord> passkey)
    {
        passkey.ToTable("PasskeyCredentials");
        passkey.Property(p => p.Id).HasMaxLength(64);
        passkey.Property(p => p.EnvironmentId).HasMaxLength(64);
        passkey.Property(p => p.UserId).HasMaxLength(64);
        // WebAuthn §5.8.3 caps credential ids at 1023 bytes: 1364 characters of base64url.
        passkey.Property(p => p.CredentialId).HasMaxLength(1400);
        passkey.Property(p => p.Transports).HasMaxLength(128);
        passkey.HasIndex(p => new { p.EnvironmentId, p.CredentialId }).IsUnique();
        passkey.HasIndex(p => new { p.EnvironmentId, p.UserId });
        passkey.HasOne<UserRecord>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Table mappings of the users' recovery codes: looked up by user, gone with their user.</summary>
internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCodeRecord>
{
    public void Configure(EntityTypeBuilder<RecoveryCodeRecord> code)
    {
        code.ToTable("RecoveryCodes");
        code.Property(c => c.Id).HasMaxLength(64);
        code.Property(c => c.EnvironmentId).HasMaxLength(64);
        code.Property(c => c.UserId).HasMaxLength(64);
        code.Property(c => c.CodeHash).HasMaxLength(64);
        code.HasIndex(c => new { c.EnvironmentId, c.UserId, c.CodeHash }).IsUnique();
        code.HasOne<UserRecord>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Table mappings of the users' remembered browsers: looked up by user and hash, gone with their user.</summary>
internal sealed class RememberedDeviceConfiguration : IEntityTypeConfiguration<RememberedDeviceRecord>
{
    public void Configure(EntityTypeBuilder<RememberedDeviceRecord> device)
    {
        device.ToTable("RememberedDevices");
        device.Property(d => d.Id).HasMaxLength(64);
        device.Property(d => d.EnvironmentId).HasMaxLength(64);
        device.Property(d => d.UserId).HasMaxLength(64);
        device.Property(d => d.TokenHash).HasMaxLength(64);
        device.HasIndex(d => new { d.EnvironmentId, d.UserId, d.TokenHash }).IsUnique();
        device.HasOne<UserRecord>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
