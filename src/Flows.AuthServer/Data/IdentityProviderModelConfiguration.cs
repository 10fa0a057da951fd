using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flows.AuthServer.Data;

/// <summary>Table mappings of the upstream identity providers: one row per provider of an environment.</summary>
internal sealed class IdentityProviderConfiguration : IEntityTypeConfiguration<IdentityProviderRecord>
{
    public void Configure(EntityTypeBuilder<IdentityProviderRecord> provider)
    {
        provider.ToTable("IdentityProviders");
        provider.HasKey(p => new { p.EnvironmentId, p.Id });
        provider.Property(p => p.Id).HasMaxLength(64);
        provider.Property(p => p.EnvironmentId).HasMaxLength(64);
        provider.Property(p => p.Name).HasMaxLength(256);
        provider.Property(p => p.Type).HasMaxLength(16);
        provider.Property(p => p.Issuer).HasMaxLength(2048);
        provider.Property(p => p.ClientId).HasMaxLength(256);
        provider.Property(p => p.ProtectedClientSecret).HasMaxLength(4096);
        provider.Property(p => p.Scopes).HasConversion(JsonValue.Converter<List<string>>(), JsonValue.Comparer<List<string>>());
        provider.Property(p => p.Claims).HasConversion(JsonValue.Converter<Dictionary<string, string>>(), JsonValue.Comparer<Dictionary<string, string>>());
        provider.Property(p => p.Domains).HasConversion(JsonValue.Converter<List<string>>(), JsonValue.Comparer<List<string>>());
        provider.HasOne<EnvironmentRecord>().WithMany().HasForeignKey(p => p.EnvironmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Table mappings of the links between local users and upstream identities: gone with the user or the provider.</summary>
internal sealed class UserIdentityLinkConfiguration : IEntityTypeConfiguration<UserIdentityLinkRecord>
{
    public void Configure(EntityTypeBuilder<UserIdentityLinkRecord> link)
    {
        link.ToTable("UserIdentityLinks");
        link.HasKey(l => new { l.EnvironmentId, l.ProviderId, l.Subject });
        link.Property(l => l.EnvironmentId).HasMaxLength(64);
        link.Property(l => l.ProviderId).HasMaxLength(64);
        link.Property(l => l.Subject).HasMaxLength(256);
        link.Property(l => l.UserId).HasMaxLength(64);
        // One link per user and provider: a second upstream account of the same provider is not silently added.
        link.HasIndex(l => new { l.UserId, l.ProviderId }).IsUnique();
        link.HasOne<UserRecord>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        link.HasOne<IdentityProviderRecord>().WithMany()
            .HasForeignKey(l => new { l.EnvironmentId, l.ProviderId }).OnDelete(DeleteBehavior.Cascade);
    }
}
