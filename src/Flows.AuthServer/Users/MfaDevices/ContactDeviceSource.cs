using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users.ContactDevices;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>
/// The user's verified e-mail address or phone number (at most one of each; one source a channel), named by its masked
/// address ("a•••@example.com", "+1•••67"): an unverified one gets no codes, so it is no device to choose.
/// </summary>
public sealed class ContactDeviceSource(ServerDbContext db, CodeChannel channel) : IMfaDeviceSource
{
    public string Kind => channel.Kind;

    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var type = MessagedCodeFields.TypeOf(channel.Contact);
        var device = await db.ContactDevices.AsNoTracking().FirstOrDefaultAsync(
            d => d.EnvironmentId == environmentId && d.UserId == userId && d.Channel == type && d.Verified, cancellationToken);
        return device is null ? [] : [new MfaDevice(Kind, Kind, ContactAddresses.Mask(channel.Contact, device.Address), device.CreatedAt)];
    }
}
