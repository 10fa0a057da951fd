using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Invalidation;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Messaging;

/// <summary>
/// Holds every rule of an environment's messaging settings, for <c>/v1</c> and the import: validated, the SMTP password
/// and gateway secret stored protected and never shown, each change audited and forgotten by every node's cache.
/// </summary>
public sealed class MessagingService(
    ServerDbContext db, EnvironmentCatalog catalog, MessagingSecretProtector protector, AuditLog audit, IChangeSignal changes, TimeProvider clock)
{
    public async Task<ServiceResult<EmailSettingsResource>> GetEmailAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        return ServiceResult<EmailSettingsResource>.Ok(EmailOf(await FindAsync(environmentId, tracked: false, cancellationToken)));
    }

    public async Task<ServiceResult<SmsSettingsResource>> GetSmsAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        return ServiceResult<SmsSettingsResource>.Ok(SmsOf(await FindAsync(environmentId, tracked: false, cancellationToken)));
    }

    /// <summary>Replaces the SMTP settings; a change without a password keeps the stored one, an empty one removes it.</summary>
    public async Task<ServiceResult<EmailSettingsResource>> ChangeEmailAsync(
        string environmentId, EmailSettingsResource change, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        if (MessagingValidation.Validate(change) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        var record = await FindOrAddAsync(environmentId, cancellationToken);
        ApplyEmail(record, change);
        audit.Add(db, actor, environmentId, AuditActions.EmailSettingsUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        await changes.PublishAsync(CacheChange.Messaging(environmentId));
        return ServiceResult<EmailSettingsResource>.Ok(EmailOf(record));
    }

    /// <summary>Replaces the SMS gateway; a change without a secret keeps the stored one.</summary>
    public async Task<ServiceResult<SmsSettingsResource>> ChangeSmsAsync(
        string environmentId, SmsSettingsResource change, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        if (MessagingValidation.Validate(change) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        var record = await FindOrAddAsync(environmentId, cancellationToken);
        ApplySms(record, change);
        audit.Add(db, actor, environmentId, AuditActions.SmsSettingsUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        await changes.PublishAsync(CacheChange.Messaging(environmentId));
        return ServiceResult<SmsSettingsResource>.Ok(SmsOf(record));
    }

    /// <summary>
    /// Stores an imported environment's settings, already validated, in the caller's transaction; the import tells every
    /// node of the whole environment once it commits.
    /// </summary>
    public async Task ImportAsync(string environmentId, EmailSettingsResource? email, SmsSettingsResource? sms, CancellationToken cancellationToken)
    {
        if (email is null && sms is null)
        {
            return;
        }

        var record = new MessagingSettingsRecord { EnvironmentId = environmentId };
        if (email is not null)
        {
            ApplyEmail(record, email);
        }

        if (sms is not null)
        {
            ApplySms(record, sms);
        }

        db.MessagingSettings.Add(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void ApplyEmail(MessagingSettingsRecord record, EmailSettingsResource change)
    {
        record.SmtpHost = change.Host!.Trim();
        record.SmtpPort = change.Port;
        record.SmtpSecurity = change.Security;
        record.SmtpUsername = string.IsNullOrWhiteSpace(change.Username) ? null : change.Username.Trim();
        record.FromAddress = change.FromAddress!.Trim();
        record.FromName = string.IsNullOrWhiteSpace(change.FromName) ? null : change.FromName.Trim();
        if (change.Password is { } password)
        {
            record.ProtectedSmtpPassword = password.Length == 0 ? null : protector.Protect(password);
        }

        record.UpdatedAt = clock.GetUtcNow();
    }

    private void ApplySms(MessagingSettingsRecord record, SmsSettingsResource change)
    {
        record.SmsGatewayUrl = change.Url!.Trim();
        if (change.Secret is { } secret)
        {
            record.ProtectedSmsGatewaySecret = protector.Protect(secret);
        }

        record.UpdatedAt = clock.GetUtcNow();
    }

    private async Task<MessagingSettingsRecord?> FindAsync(string environmentId, bool tracked, CancellationToken cancellationToken)
    {
        var settings = tracked ? db.MessagingSettings : db.MessagingSettings.AsNoTracking();
        return await settings.FirstOrDefaultAsync(s => s.EnvironmentId == environmentId, cancellationToken);
    }

    private async Task<MessagingSettingsRecord> FindOrAddAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (await FindAsync(environmentId, tracked: true, cancellationToken) is { } record)
        {
            return record;
        }

        record = new MessagingSettingsRecord { EnvironmentId = environmentId };
        db.MessagingSettings.Add(record);
        return record;
    }

    /// <summary>The settings as shown: never the password.</summary>
    public static EmailSettingsResource EmailOf(MessagingSettingsRecord? record) => record?.SmtpHost is null
        ? new EmailSettingsResource()
        : new EmailSettingsResource
        {
            Host = record.SmtpHost,
            Port = record.SmtpPort,
            Security = record.SmtpSecurity,
            Username = record.SmtpUsername,
            FromAddress = record.FromAddress,
            FromName = record.FromName,
            HasPassword = record.ProtectedSmtpPassword is not null,
        };

    /// <summary>The gateway as shown: never the secret.</summary>
    public static SmsSettingsResource SmsOf(MessagingSettingsRecord? record) =>
        new() { Url = record?.SmsGatewayUrl, HasSecret = record?.ProtectedSmsGatewaySecret is not null };

    private static ServiceError MissingEnvironment(string environmentId) => ServiceError.Missing($"Environment '{environmentId}'");
}
