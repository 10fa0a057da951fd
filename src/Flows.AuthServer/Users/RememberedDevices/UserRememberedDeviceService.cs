using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;

namespace Flows.AuthServer.Users.RememberedDevices;

/// <summary>A user's remembered browsers as an administrator manages them: all forgotten at once, logged by the actor's name.</summary>
public sealed class UserRememberedDeviceService(UserService users, RememberedDeviceStore store, ServerDbContext db, AuditLog audit)
{
    public async Task<ServiceResult<bool>> ForgetAllAsync(string environmentId, string userId, AuditActor actor, CancellationToken cancellationToken)
    {
        var (_, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        // None remembered is success too: afterwards none is, as asked.
        await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserRememberedDevicesDeleted, StatusCodes.Status204NoContent,
            async () => await store.ForgetAllAsync(environmentId, userId, cancellationToken) >= 0, cancellationToken);
        return ServiceResult<bool>.Ok(true);
    }
}
