using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users.ContactDevices;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>The user's verified phone number as a device.</summary>
public sealed class SmsDeviceSource(ServerDbContext db) : ContactDeviceSource(db)
{
    public override string Kind => MfaDeviceKinds.Sms;

    protected override string Channel => MessagedCodeFields.SmsType;

    protected override string Mask(string address) => ContactAddresses.MaskPhone(address);
}
