using Flows.AuthServer.Agreements;
using Flows.AuthServer.Applications;
using Flows.AuthServer.IdentityProviders;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Invalidation;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Outbound;
using Flows.AuthServer.Protocol;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// Creates an environment from an environment file: keys, the shipped flows, applications and users. An
/// environment that exists is left alone entirely; an import never changes what administrators may have edited.
/// </summary>
public sealed class EnvironmentImporter(
    ServerDbContext db,
    EnvironmentFileValidator validator,
    ShippedFlows shippedFlows,
    EnvironmentKeyStore keys,
    ApplicationImporter applications,
    UserImporter users,
    IdentityProviderService identityProviders,

    OutboundService outboundSettings,
    AgreementService agreementService,
    MessagingService messaging,
    IChangeSignal signal,
    TimeProvider clock,
    ILogger<EnvironmentImporter> logger)
{
    /// <summary>Imports the file; throws <see cref="EnvironmentImportException"/>, creating nothing, when it is invalid.</summary>
    public async Task<EnvironmentImportResult> ImportAsync(EnvironmentFile file, CancellationToken cancellationToken)
    {
        var problems = validator.Validate(file, shippedFlows.Ids)
            .Concat(file.Outbound is { } requested ? OutboundService.Validate(OutboundSettingsOf(requested)).Select(problem => $"outbound: {problem.Message}") : [])
            .Concat(EmailOf(file) is { } email ? MessagingValidation.Validate(email).Select(problem => $"email: {problem.Message}") : [])
            .Concat(SmsOf(file) is { } sms ? MessagingValidation.Validate(sms).Select(problem => $"sms: {problem.Message}") : [])
            .ToList();
        if (problems.Count > 0)
        {
            throw new EnvironmentImportException($"Environment '{file.Id}'", problems);
        }

        if (await db.Environments.AsNoTracking().AnyAsync(e => e.Id == file.Id, cancellationToken))
        {
            logger.LogInformation("Environment {EnvironmentId} exists already; its import was skipped and nothing in it changed.", file.Id);
            return EnvironmentImportResult.Skipped(file.Id, file.Name);
        }

        // Keys and flows are stored by other contexts, outside the transaction below; both steps skip what
        // exists, so an import interrupted after them simply runs again at the next start.
        await keys.EnsureKeysAsync(file.Id, cancellationToken);
        var flows = await shippedFlows.PublishMissingAsync(file.Id, cancellationToken);

        // The environment appears with all its applications and users, or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var environment = new EnvironmentRecord
        {
            Id = file.Id,
            Name = file.Name,
            DefaultFlowId = file.DefaultFlow,
            CreatedAt = clock.GetUtcNow(),
            UserSchema = file.UserSchema.ToList(),
            MaxPasswordAgeDays = file.MaxPasswordAgeDays is > 0 ? file.MaxPasswordAgeDays : null,
        };
        db.Environments.Add(environment);
        await db.SaveChangesAsync(cancellationToken);

        var createdApplications = new List<ImportedApplication>();
        var createdUsers = new List<ImportedUser>();

        foreach (var application in file.Applications)
        {
            createdApplications.Add(await applications.CreateAsync(environment, application, cancellationToken));
        }

        foreach (var user in file.Users)
        {
            createdUsers.Add(await users.CreateAsync(environment, user, cancellationToken));
        }

        foreach (var provider in file.IdentityProviders)
        {
            var imported = await identityProviders.ImportAsync(environment.Id, ToRequest(provider), cancellationToken);
            if (imported.Error is { } error)
            {
                // Nothing is committed: the environment appears whole or not at all.
                throw new EnvironmentImportException($"Environment '{file.Id}'",
                    [.. error.Fields.Select(field => $"identityProviders '{provider.Id}': {field.Field}: {field.Message}"), .. error.Detail is null ? [] : new[] { error.Detail }]);
            }
        }

        foreach (var agreement in file.Agreements)
        {
            agreementService.Import(environment.Id, agreement);
        }

        await db.SaveChangesAsync(cancellationToken);
        var outboundSecret = file.Outbound is { } settings
            ? await outboundSettings.ImportAsync(file.Id, OutboundSettingsOf(settings), cancellationToken)
            : null;

        await messaging.ImportAsync(file.Id, EmailOf(file), SmsOf(file), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        await signal.PublishAsync(CacheChange.Environment(file.Id));
        return new EnvironmentImportResult(file.Id, file.Name, Created: true, flows, createdApplications, createdUsers)
        {
            GeneratedOutboundSecret = outboundSecret,
        };
    }

    private static IdentityProviderRequest ToRequest(EnvironmentFileIdentityProvider provider) => new()
    {
        Id = provider.Id,
        Name = provider.Name,
        Type = provider.Type,
        Issuer = provider.Issuer,
        ClientId = provider.ClientId,
        ClientSecret = provider.ClientSecret,
        Scopes = provider.Scopes,
        Claims = provider.Claims,
        Domains = provider.Domains,
    };

    private static EmailSettingsResource? EmailOf(EnvironmentFile file) => file.Email is not { } email ? null : new()
    {
        Host = email.Host,
        Port = email.Port,
        Security = email.Security,
        Username = email.Username,
        Password = email.Password,
        FromAddress = email.FromAddress,
        FromName = email.FromName,
    };

    private static SmsSettingsResource? SmsOf(EnvironmentFile file) => file.Sms is not { } sms ? null : new() { Url = sms.Url, Secret = sms.Secret };

    private static OutboundResource OutboundSettingsOf(EnvironmentFileOutbound settings) => new(settings.AllowedHosts, settings.AllowedPrivateAddresses);
}
