using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Users.RememberedDevices;

namespace Flows.AuthServer.Users.Passkeys;

/// <summary>
/// A user's passkeys as an administrator manages them: listed, or removed (a lost device); a removed passkey signs
/// in no more from the next attempt on. Each removal is logged by the actor's name with the change.
/// </summary>
public sealed class UserPasskeyService(
    UserService users, PasskeyCredentials passkeys, RememberedDeviceStore rememberedDevices, ServerDbContext db, AuditLog audit)
{
    public async Task<ServiceResult<IReadOnlyList<UserPasskeyResource>>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var (_, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var listed = await passkeys.ListAsync(environmentId, userId, cancellationToken);
        return ServiceResult<IReadOnlyList<UserPasskeyResource>>.Ok([.. listed.Select(UserPasskeyResource.Of)]);
    }

    public async Task<ServiceResult<bool>> RemoveAsync(
        string environmentId, string userId, string passkeyId, AuditActor actor, CancellationToken cancellationToken)
    {
        var (_, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        return await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserPasskeyDeleted, StatusCodes.Status204NoContent,
                // A lost device may be in the remembered browser's hands too: removing it forgets those browsers.
                async () => await passkeys.RemoveAsync(environmentId, userId, passkeyId, cancellationToken)
                    && await rememberedDevices.ForgetAllAsync(environmentId, userId, cancellationToken) >= 0, cancellationToken)
            ? ServiceResult<bool>.Ok(true)
            : ServiceError.Missing($"Passkey '{passkeyId}' of user '{userId}' in environment '{environmentId}'");
    }
}
