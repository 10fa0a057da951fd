using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users.ContactDevices;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>The user's verified e-mail address as a device.</summary>
public sealed class EmailDeviceSource(ServerDbContext db) : ContactDeviceSource(db)
{
    public override string Kind => MfaDeviceKinds.Email;

    protected override string Channel => MessagedCodeFields.EmailType;

    protected override string Mask(string address) => ContactAddresses.MaskEmail(address);
}
