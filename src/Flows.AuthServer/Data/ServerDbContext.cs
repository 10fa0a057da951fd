using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Data;

/// <summary>
/// The server's tables: environments, users, keys, sessions, OpenIddict's entities, Data Protection keys,
/// managed flows (drafts, default versions) and the audit log.
/// The engine keeps its own tables and migrations; both live in the same database.
/// </summary>
public abstract class ServerDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public const string MigrationsHistoryTable = "__FlowsServerMigrations";

    public DbSet<EnvironmentRecord> Environments => Set<EnvironmentRecord>();

    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    public DbSet<SessionRecord> Sessions => Set<SessionRecord>();

    public DbSet<SessionParticipantRecord> SessionParticipants => Set<SessionParticipantRecord>();

    public DbSet<LogoutDeliveryRecord> LogoutDeliveries => Set<LogoutDeliveryRecord>();

    public DbSet<FlowsApplication> Applications => Set<FlowsApplication>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ManagedFlowRecord> ManagedFlows => Set<ManagedFlowRecord>();

    public DbSet<AuditEntryRecord> AuditEntries => Set<AuditEntryRecord>();

    public DbSet<ClientAssertionRecord> ClientAssertions => Set<ClientAssertionRecord>();

    public DbSet<IdentityProviderRecord> IdentityProviders => Set<IdentityProviderRecord>();

    public DbSet<UserIdentityLinkRecord> UserIdentityLinks => Set<UserIdentityLinkRecord>();

    public DbSet<OutboundSettingsRecord> OutboundSettings => Set<OutboundSettingsRecord>();

    public DbSet<ContinueAnswerRecord> ContinueAnswers => Set<ContinueAnswerRecord>();

    public DbSet<PasskeyCredentialRecord> PasskeyCredentials => Set<PasskeyCredentialRecord>();

    public DbSet<RecoveryCodeRecord> RecoveryCodes => Set<RecoveryCodeRecord>();

    public DbSet<AgreementRecord> Agreements => Set<AgreementRecord>();

    public DbSet<AgreementAcceptanceRecord> AgreementAcceptances => Set<AgreementAcceptanceRecord>();

    public DbSet<RememberedDeviceRecord> RememberedDevices => Set<RememberedDeviceRecord>();

    public DbSet<MessagingSettingsRecord> MessagingSettings => Set<MessagingSettingsRecord>();

    public DbSet<ContactDeviceRecord> ContactDevices => Set<ContactDeviceRecord>();

    public DbSet<SentCodeRecord> SentCodes => Set<SentCodeRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict<FlowsApplication, FlowsAuthorization, FlowsScope, FlowsToken, string>();
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ServerDbContext).Assembly, type => type.Namespace == typeof(ServerDbContext).Namespace);
    }
}
