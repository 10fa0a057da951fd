using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Users.RememberedDevices;
using Flows.AuthServer.Users.ContactDevices;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users;

/// <summary>
/// A user's authenticators, at most one TOTP app, as an administrator manages them: enroll one with a new key (shown
/// once) or remove it, e.g. when the phone is lost; sign-in's OTP step uses the key from the next attempt on. Each
/// change is logged by the actor's name in the same transaction as the change.
/// </summary>
public sealed class UserMfaDeviceService(
    EnvironmentCatalog catalog, UserService users, UserEditor editor, RememberedDeviceStore rememberedDevices, ServerDbContext db,
    AuditLog audit, TimeProvider clock, ContactDeviceService contacts)
{
    /// <summary>The user's devices: the TOTP app (never its key), then its e-mail and SMS devices.</summary>
    public async Task<ServiceResult<IReadOnlyList<UserMfaDeviceResource>>> ListAsync(
        string environmentId, string userId, CancellationToken cancellationToken)
    {
        var (user, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        return missing ?? ServiceResult<IReadOnlyList<UserMfaDeviceResource>>.Ok(
            [.. UserMfaDeviceResource.Of(user!), .. await contacts.ListAsync(environmentId, userId, cancellationToken)]);
    }

    /// <summary>Enrolls a TOTP app with a new key; refused while the user has one (remove it first).</summary>
    public async Task<ServiceResult<UserTotpEnrollment>> EnrollTotpAsync(
        string environmentId, string userId, AuditActor actor, CancellationToken cancellationToken)
    {
        var (user, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var key = TotpKeys.Generate();
        if (!await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserMfaDeviceCreated, StatusCodes.Status201Created,
                () => editor.EnrollTotpAsync(environmentId, userId, key, cancellationToken), cancellationToken))
        {
            return await ExistsAsync(environmentId, userId, cancellationToken)
                ? ServiceError.InConflict("The user has a TOTP device already; delete it before enrolling another.")
                : UserService.MissingUser(environmentId, userId);
        }

        // Read back the time as stored, so the answer's createdAt is what a later list shows.
        var environment = await catalog.FindAsync(environmentId, cancellationToken);
        var enrolledAt = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.EnvironmentId == environmentId)
            .Select(u => u.TotpEnrolledAt).FirstOrDefaultAsync(cancellationToken);
        return ServiceResult<UserTotpEnrollment>.Ok(UserTotpEnrollment.Of(
            enrolledAt ?? clock.GetUtcNow(), TotpKeys.IssuerOf(environment?.Name ?? environmentId), user!.Username, key));
    }

    /// <summary>Removes the user's TOTP app and forgets the browsers remembered for the user; another app may then be enrolled.</summary>
    public async Task<ServiceResult<bool>> RemoveTotpAsync(string environmentId, string userId, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return UserService.MissingEnvironment(environmentId);
        }

        if (await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserMfaDeviceDeleted, StatusCodes.Status204NoContent,
                // A lost phone may be in the remembered browser's hands too: removing the device forgets those browsers.
                async () => await editor.RemoveTotpAsync(environmentId, userId, cancellationToken)
                    && await rememberedDevices.ForgetAllAsync(environmentId, userId, cancellationToken) >= 0, cancellationToken))
        {
            return ServiceResult<bool>.Ok(true);
        }

        return await ExistsAsync(environmentId, userId, cancellationToken)
            ? ServiceError.Missing($"The TOTP device of user '{userId}' in environment '{environmentId}'")
            : UserService.MissingUser(environmentId, userId);
    }

    private Task<bool> ExistsAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.EnvironmentId == environmentId, cancellationToken);
}
