using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users.ContactDevices;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>
/// The user's verified e-mail address or phone number (at most one of each), named by its masked address
/// ("a•••@example.com", "+1•••67"): an unverified one gets no codes, so it is no device to choose.
/// </summary>
public abstract class ContactDeviceSource(ServerDbContext db) : IMfaDeviceSource
{
    public abstract string Kind { get; }

    /// <summary>The channel as devices keep it (<c>EMAIL</c> or <c>SMS</c>).</summary>
    protected abstract string Channel { get; }

    protected abstract string Mask(string address);

    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var device = await db.ContactDevices.AsNoTracking().FirstOrDefaultAsync(
            d => d.EnvironmentId == environmentId && d.UserId == userId && d.Channel == Channel && d.Verified, cancellationToken);
        return device is null ? [] : [new MfaDevice(Kind, Kind, Mask(device.Address), device.CreatedAt)];
    }
}
