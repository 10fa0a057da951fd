using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Flows.AuthServer.Data;

/// <summary>Table mappings of what flows may reach outside the server, and the answers already used to continue a flow.</summary>
internal sealed class OutboundSettingsConfiguration : IEntityTypeConfiguration<OutboundSettingsRecord>
{
    public void Configure(EntityTypeBuilder<OutboundSettingsRecord> settings)
    {
        settings.ToTable("OutboundSettings");
        settings.HasKey(s => s.EnvironmentId);
        settings.Property(s => s.EnvironmentId).HasMaxLength(64);
        settings.Property(s => s.AllowedHosts).HasConversion(JsonValue.Converter<List<string>>(), JsonValue.Comparer<List<string>>());
        settings.Property(s => s.AllowedPrivateAddresses).HasConversion(JsonValue.Converter<List<string>>(), JsonValue.Comparer<List<string>>());
    }
}

internal sealed class ContinueAnswerConfiguration : IEntityTypeConfiguration<ContinueAnswerRecord>
{
    public void Configure(EntityTypeBuilder<ContinueAnswerRecord> answer)
    {
        answer.ToTable("ContinueAnswers");
        answer.HasKey(a => new { a.EnvironmentId, a.TokenIdHash });
        answer.Property(a => a.EnvironmentId).HasMaxLength(64);
        answer.Property(a => a.TokenIdHash).HasMaxLength(64);
    }
}
