using Flows.Activities;
using Flows.Activities.Messaging;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>
/// The server's one-time codes by e-mail and SMS: finds the user's verified device, generates a code, sends it through
/// <see cref="IEmailSender"/> or <see cref="ISmsSender"/> and keeps only its salted hash, one per flow step; a right
/// code is deleted in one conditional statement, so it works once.
/// </summary>
public sealed class MessagedCodes(
    ServerDbContext db, SentCodeStore store, EnvironmentCatalog catalog, IEmailSender email, ISmsSender sms, TimeProvider clock)
    : IMessagedCodes
{
    public async Task<ContactDevice?> FindDeviceAsync(string environmentId, string userId, ContactChannel channel, CancellationToken cancellationToken)
    {
        var type = MessagedCodeFields.TypeOf(channel);
        var device = await db.ContactDevices.AsNoTracking()
            .FirstOrDefaultAsync(d => d.EnvironmentId == environmentId && d.UserId == userId && d.Channel == type && d.Verified, cancellationToken);
        return device is null ? null : new ContactDevice(type.ToLowerInvariant(), channel, ContactAddresses.Mask(channel, device.Address));
    }

    public async Task<CodeDelivery> SendAsync(CodeRequest request, CancellationToken cancellationToken)
    {
        // An address being enrolled gets the code that proves it; otherwise only the verified device does.
        var address = request.Address ?? await VerifiedAddressAsync(request, cancellationToken);
        if (address is null)
        {
            return CodeDelivery.Failed;
        }

        var name = (await catalog.FindAsync(request.EnvironmentId, cancellationToken))?.Name ?? request.EnvironmentId;
        var code = SentCodeHashing.Generate(request.Length);

        // Kept before it goes out, as a code sent off the request (recovery) may be read and typed before the send
        // returns; taken back if it does not go out, as a code no one received must not be the one the step waits for.
        var stored = await store.StoreAsync(request.EnvironmentId, request.FlowInstanceId, request.NodeId, request.UserId, code, request.Lifetime, cancellationToken);
        var delivery = MessageDelivery.Failed;
        try
        {
            delivery = request.Device.Channel == ContactChannel.Sms
                ? await sms.SendAsync(new SmsMessage(request.EnvironmentId, address, CodeMessages.Sms(name, code, request.Lifetime)), cancellationToken)
                : await email.SendAsync(EmailOf(request, address, name, code), cancellationToken);
        }
        finally
        {
            if (delivery != MessageDelivery.Sent)
            {
                await store.TakeBackAsync(stored);
            }
        }

        return delivery == MessageDelivery.Sent ? CodeDelivery.Sent : CodeDelivery.Failed;
    }

    public async Task<CodeCheck> CheckAsync(
        string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken)
    {
        if (await store.ConsumeAsync(environmentId, userId, flowInstanceId, nodeId, code, cancellationToken) is var check && check != CodeCheck.Valid)
        {
            return check;
        }

        // A right code starts the count of wrong ones afresh, unless the factor got locked while it was checked.
        var now = clock.GetUtcNow();
        var reset = await db.Users
            .Where(u => u.Id == userId && u.EnvironmentId == environmentId && (u.OtpLockoutEnd == null || u.OtpLockoutEnd <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.OtpFailedCount, 0), CancellationToken.None);
        return reset == 1 ? CodeCheck.Valid : CodeCheck.Wrong;
    }

    private async Task<string?> VerifiedAddressAsync(CodeRequest request, CancellationToken cancellationToken)
    {
        var type = MessagedCodeFields.TypeOf(request.Device.Channel);
        return await db.ContactDevices.AsNoTracking()
            .Where(d => d.EnvironmentId == request.EnvironmentId && d.UserId == request.UserId && d.Channel == type && d.Verified)
            .Select(d => d.Address).FirstOrDefaultAsync(cancellationToken);
    }

    private static EmailMessage EmailOf(CodeRequest request, string address, string name, string code) =>
        request.Purpose == CodePurpose.PasswordRecovery
            ? new EmailMessage(request.EnvironmentId, address, RecoveryCodeMessages.Subject(name),
                RecoveryCodeMessages.Text(name, code, request.Lifetime), RecoveryCodeMessages.Html(name, code, request.Lifetime))
            : new EmailMessage(request.EnvironmentId, address, CodeMessages.Subject(name),
                CodeMessages.Text(name, code, request.Lifetime), CodeMessages.Html(name, code, request.Lifetime));
}
