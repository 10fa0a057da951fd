using Flows.Activities;
using Flows.Activities.Messaging;
using Flows.AuthServer.Data;
using Flows.AuthServer.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>
/// The server's side of enrolling an e-mail address or phone number in a flow: whether the environment can send on a
/// channel, reading and masking typed addresses as the management API does, and storing a proven address as verified.
/// </summary>
public sealed class ContactDeviceEnrollment(ServerDbContext db, MessagingSettingsCache settings, TimeProvider clock) : IContactDevices
{
    public async Task<bool> CanSendAsync(string environmentId, ContactChannel channel, CancellationToken cancellationToken) =>
        await settings.FindAsync(environmentId, cancellationToken) is { } record && (channel == ContactChannel.Sms
            ? record is { SmsGatewayUrl: not null, ProtectedSmsGatewaySecret: not null }
            : record is { SmtpHost: not null, FromAddress: not null });

    public string? Normalize(ContactChannel channel, string? typed) => ContactAddresses.Normalize(channel, typed);

    public string Mask(ContactChannel channel, string address) => ContactAddresses.Mask(channel, address);

    public async Task EnrollAsync(string environmentId, string userId, ContactChannel channel, string address, CancellationToken cancellationToken)
    {
        var type = MessagedCodeFields.TypeOf(channel);
        var device = await db.ContactDevices.FirstOrDefaultAsync(
            d => d.EnvironmentId == environmentId && d.UserId == userId && d.Channel == type, cancellationToken);
        if (device is null)
        {
            device = new ContactDeviceRecord { EnvironmentId = environmentId, UserId = userId, Channel = type, Address = address, CreatedAt = clock.GetUtcNow() };
            db.ContactDevices.Add(device);
        }

        // The user just proved the address with a code sent to it (an administrator's unverified one is replaced).
        device.Address = address;
        device.Verified = true;
        await db.SaveChangesAsync(cancellationToken);
    }
}
