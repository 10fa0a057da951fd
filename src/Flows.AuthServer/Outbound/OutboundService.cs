using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Holds every rule of an environment's outbound settings, for <c>/v1</c> and the import: the allow-list is checked
/// entry by entry, the secret is generated here only (256 bits), stored protected, shown once, and each change is
/// audited in its own save.
/// </summary>
public sealed class OutboundService(
    ServerDbContext db, EnvironmentCatalog catalog, OutboundSecretProtector protector, AuditLog audit, TimeProvider clock)
{
    public const int MaxEntries = 100;

    public async Task<ServiceResult<OutboundResource>> GetAsync(string environmentId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        var record = await db.OutboundSettings.AsNoTracking().FirstOrDefaultAsync(s => s.EnvironmentId == environmentId, cancellationToken);
        return ServiceResult<OutboundResource>.Ok(Resource(record));
    }

    public async Task<ServiceResult<OutboundResource>> ChangeAsync(
        string environmentId, OutboundResource change, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        if (Validate(change) is { Count: > 0 } problems)
        {
            return ServiceError.Invalid(problems);
        }

        var record = await FindOrAddAsync(environmentId, cancellationToken);
        record.AllowedHosts = change.AllowedHosts.Select(host => host.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        record.AllowedPrivateAddresses = change.AllowedPrivateAddresses.Select(address => address.Trim()).Distinct(StringComparer.Ordinal).ToList();
        audit.Add(db, actor, environmentId, AuditActions.OutboundUpdated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<OutboundResource>.Ok(Resource(record));
    }

    /// <summary>Generates a new secret, replacing the old one at once; the answer is the only place it is ever shown.</summary>
    public async Task<ServiceResult<OutboundSecretResource>> RotateSecretAsync(string environmentId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return MissingEnvironment(environmentId);
        }

        var record = await FindOrAddAsync(environmentId, cancellationToken);
        var secret = Generate(record);
        audit.Add(db, actor, environmentId, AuditActions.OutboundSecretRotated, StatusCodes.Status200OK);
        await db.SaveChangesAsync(cancellationToken);
        return ServiceResult<OutboundSecretResource>.Ok(new OutboundSecretResource(secret, record.SecretCreatedAt!.Value));
    }

    /// <summary>
    /// Stores an imported environment's outbound settings with a generated secret, in the caller's transaction; the
    /// secret is returned to be shown once.
    /// </summary>
    public async Task<string> ImportAsync(string environmentId, OutboundResource settings, CancellationToken cancellationToken)
    {
        var record = new OutboundSettingsRecord
        {
            EnvironmentId = environmentId,
            AllowedHosts = settings.AllowedHosts.Select(host => host.Trim()).ToList(),
            AllowedPrivateAddresses = settings.AllowedPrivateAddresses.Select(address => address.Trim()).ToList(),
        };
        var secret = Generate(record);
        db.OutboundSettings.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return secret;
    }

    /// <summary>The problems of an allow-list, per field; none when it can be stored.</summary>
    public static List<FieldProblem> Validate(OutboundResource settings)
    {
        var problems = new List<FieldProblem>();
        if (settings.AllowedHosts is null || settings.AllowedHosts.Count > MaxEntries)
        {
            problems.Add(new("allowedHosts", $"allowedHosts must be a list of at most {MaxEntries} host names."));
        }
        else
        {
            problems.AddRange(settings.AllowedHosts.Where(host => host is null || !OutboundAddresses.IsValidHostEntry(host.Trim()))
                .Select(host => new FieldProblem("allowedHosts", $"'{host}' is not a host name, an IP address or '*.' and a domain.")));
        }

        if (settings.AllowedPrivateAddresses is null || settings.AllowedPrivateAddresses.Count > MaxEntries)
        {
            problems.Add(new("allowedPrivateAddresses", $"allowedPrivateAddresses must be a list of at most {MaxEntries} addresses or networks."));
        }
        else
        {
            problems.AddRange(settings.AllowedPrivateAddresses.Where(address => address is null || OutboundAddresses.ParseNetwork(address) is null)
                .Select(address => new FieldProblem("allowedPrivateAddresses", $"'{address}' is not an IP address or a network such as 10.0.0.0/8.")));
        }

        return problems;
    }

    private string Generate(OutboundSettingsRecord record)
    {
        // The receiver's HMAC key is the secret's UTF-8 bytes, as typed into its configuration.
        var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        record.ProtectedSecret = protector.Protect(Encoding.UTF8.GetBytes(secret));
        record.SecretCreatedAt = clock.GetUtcNow();
        return secret;
    }

    private async Task<OutboundSettingsRecord> FindOrAddAsync(string environmentId, CancellationToken cancellationToken)
    {
        var record = await db.OutboundSettings.FirstOrDefaultAsync(s => s.EnvironmentId == environmentId, cancellationToken);
        if (record is null)
        {
            record = new OutboundSettingsRecord { EnvironmentId = environmentId };
            db.OutboundSettings.Add(record);
        }

        return record;
    }

    private static OutboundResource Resource(OutboundSettingsRecord? record) => record is null
        ? new OutboundResource([], [])
        : new OutboundResource(record.AllowedHosts, record.AllowedPrivateAddresses, record.ProtectedSecret is not null, record.SecretCreatedAt);

    private static ServiceError MissingEnvironment(string environmentId) => ServiceError.Missing($"Environment '{environmentId}'");
}
