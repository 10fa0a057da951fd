using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flows.AuthServer.Data;

/// <summary>Table mappings of the environments' agreements and of their acceptance by users.</summary>
internal sealed class AgreementConfiguration : IEntityTypeConfiguration<AgreementRecord>
{
    public void Configure(EntityTypeBuilder<AgreementRecord> agreement)
    {
        agreement.ToTable("Agreements");
        agreement.HasKey(a => new { a.EnvironmentId, a.Id });
        agreement.Property(a => a.EnvironmentId).HasMaxLength(64);
        agreement.Property(a => a.Id).HasMaxLength(64);
        agreement.Property(a => a.Name).HasMaxLength(256);
        agreement.Property(a => a.DefaultLanguage).HasMaxLength(35);
        agreement.Property(a => a.Versions).HasConversion(JsonValue.Converter<List<AgreementVersion>>(), JsonValue.Comparer<List<AgreementVersion>>());
    }
}

internal sealed class AgreementAcceptanceConfiguration : IEntityTypeConfiguration<AgreementAcceptanceRecord>
{
    public void Configure(EntityTypeBuilder<AgreementAcceptanceRecord> acceptance)
    {
        acceptance.ToTable("AgreementAcceptances");
        acceptance.HasKey(a => new { a.EnvironmentId, a.UserId, a.AgreementId, a.Version });
        acceptance.Property(a => a.EnvironmentId).HasMaxLength(64);
        acceptance.Property(a => a.UserId).HasMaxLength(64);
        acceptance.Property(a => a.AgreementId).HasMaxLength(64);
    }
}
