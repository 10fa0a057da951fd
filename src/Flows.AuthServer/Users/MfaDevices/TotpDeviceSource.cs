using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.MfaDevices;

/// <summary>The user's authenticator app, if enrolled (at most one), named "Authenticator app"; never its key.</summary>
public sealed class TotpDeviceSource(ServerDbContext db) : IMfaDeviceSource
{
    public const string DeviceName = "Authenticator app";

    public string Kind => MfaDeviceKinds.Totp;

    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken);
        return user is null
            ? []
            : [.. UserMfaDeviceResource.Of(user).Select(device => new MfaDevice(device.Id, Kind, DeviceName, device.CreatedAt))];
    }
}
