using System.Net;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Reads an environment's outbound settings for each call, from the database (never cached: an administrator's
/// change holds at once on every node).
/// </summary>
public sealed class OutboundSettingsReader(ServerDbContext db, OutboundSecretProtector protector)
{
    public async Task<OutboundSettings> ReadAsync(string environmentId, CancellationToken cancellationToken)
    {
        var record = await db.OutboundSettings.AsNoTracking().FirstOrDefaultAsync(s => s.EnvironmentId == environmentId, cancellationToken);
        if (record is null)
        {
            return OutboundSettings.None;
        }

        return new OutboundSettings(
            record.AllowedHosts,
            record.AllowedPrivateAddresses.Select(OutboundAddresses.ParseNetwork).OfType<IPNetwork>().ToList(),
            record.ProtectedSecret is null ? null : protector.Unprotect(record.ProtectedSecret));
    }
}
