using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// Writes an environment out as an environment file, which imports as an equivalent environment. Secrets stay
/// behind: no client secret, password hash, authenticator key, outbound secret, SMTP password or SMS gateway secret is exported, so the import generates new ones.
/// </summary>
public sealed class EnvironmentExporter(ServerDbContext db, IOpenIddictApplicationManager manager)
{
    public async Task<EnvironmentFile> ExportAsync(EnvironmentRecord environment, CancellationToken cancellationToken)
    {
        var applications = new List<EnvironmentFileApplication>();
        var stored = await db.Applications.AsNoTracking()
            .Where(a => a.EnvironmentId == environment.Id)
            .OrderBy(a => a.ClientId)
            .ToListAsync(cancellationToken);
        foreach (var application in stored)
        {
            applications.Add(await ApplicationEntries.ReadAsync(manager, application, cancellationToken));
        }

        var users = await db.Users.AsNoTracking()
            .Where(u => u.EnvironmentId == environment.Id)
            .OrderBy(u => u.NormalizedUsername)
            .ToListAsync(cancellationToken);

        var providers = await db.IdentityProviders.AsNoTracking()
            .Where(p => p.EnvironmentId == environment.Id)
            .OrderBy(p => p.Id)
            .ToListAsync(cancellationToken);

        var agreements = await db.Agreements.AsNoTracking()
            .Where(a => a.EnvironmentId == environment.Id)
            .OrderBy(a => a.Id)
            .ToListAsync(cancellationToken);

        var outbound = await db.OutboundSettings.AsNoTracking().FirstOrDefaultAsync(s => s.EnvironmentId == environment.Id, cancellationToken);
        var messaging = await db.MessagingSettings.AsNoTracking().FirstOrDefaultAsync(s => s.EnvironmentId == environment.Id, cancellationToken);
        return new EnvironmentFile
        {
            Id = environment.Id,
            Name = environment.Name,
            DefaultFlow = environment.DefaultFlowId,
            Applications = applications,
            Users = users.Select(ToEntry).ToList(),
            IdentityProviders = providers.Select(ToEntry).ToList(),
            UserSchema = environment.UserSchema,
            Agreements = agreements.Select(ToEntry).ToList(),
            MaxPasswordAgeDays = environment.MaxPasswordAgeDays,

            // The secret stays behind: the import generates a new one and shows it once.
            Outbound = outbound is null ? null : new EnvironmentFileOutbound
            {
                AllowedHosts = outbound.AllowedHosts,
                AllowedPrivateAddresses = outbound.AllowedPrivateAddresses,
            },

            // The SMTP password and the gateway secret stay behind too: they are write-only.
            Email = messaging is { SmtpHost: { } host, FromAddress: { } from } ? new EnvironmentFileEmail
            {
                Host = host,
                Port = messaging.SmtpPort,
                Security = messaging.SmtpSecurity,
                Username = messaging.SmtpUsername,
                FromAddress = from,
                FromName = messaging.FromName,
            } : null,
            Sms = messaging is { SmsGatewayUrl: { } url } ? new EnvironmentFileSms { Url = url } : null,
        };
    }

    // Never the client secret: an export moves settings, not credentials.
    private static EnvironmentFileIdentityProvider ToEntry(IdentityProviderRecord provider) => new()
    {
        Id = provider.Id,
        Name = provider.Name,
        Type = provider.Type,
        Issuer = provider.Issuer,
        ClientId = provider.ClientId,
        Scopes = provider.Scopes,
        Claims = provider.Claims,
        Domains = provider.Domains,
    };

    private static EnvironmentFileAgreement ToEntry(AgreementRecord agreement) => new()
    {
        Id = agreement.Id,
        Name = agreement.Name,
        DefaultLanguage = agreement.DefaultLanguage,
        Versions = agreement.Versions.Select(version => new EnvironmentFileAgreementVersion { Texts = version.Texts }).ToList(),
    };

    private static EnvironmentFileUser ToEntry(UserRecord user) => new()
    {
        Username = user.Username,
        Email = user.Email,
        Name = user.Name,
        Groups = user.Groups,
        Attributes = user.Attributes,
        Enabled = user.Enabled,
        MustChangePassword = user.MustChangePassword,

        // An enrolled user keeps needing a device: the import enrolls a new key and shows it once.
        TotpSecret = user.ProtectedTotpSecret is null ? null : EnvironmentFileUser.GenerateTotpSecret,
    };
}
