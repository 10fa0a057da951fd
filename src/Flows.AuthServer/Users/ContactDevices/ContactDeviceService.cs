using Flows.Activities;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>
/// A user's e-mail and SMS devices, at most one of each, as an administrator manages them: set the address (and
/// whether it is verified: codes go only to verified ones) or remove it. Each change is logged by the actor's name in
/// the same transaction as the change.
/// </summary>
public sealed class ContactDeviceService(UserService users, ServerDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>The user's e-mail and SMS devices.</summary>
    public async Task<IReadOnlyList<UserMfaDeviceResource>> ListAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var devices = await db.ContactDevices.AsNoTracking()
            .Where(d => d.EnvironmentId == environmentId && d.UserId == userId)
            .OrderBy(d => d.Channel).ToListAsync(cancellationToken);
        return devices.Select(UserMfaDeviceResource.Of).ToList();
    }

    /// <summary>Creates or replaces the user's device of the type (<c>EMAIL</c> or <c>SMS</c>).</summary>
    public async Task<ServiceResult<UserMfaDeviceResource>> SetAsync(
        string environmentId, string userId, string type, ContactDeviceRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var (_, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        var sms = type == MessagedCodeFields.SmsType;
        var address = sms ? ContactAddresses.NormalizePhone(request.Phone) : ContactAddresses.NormalizeEmail(request.Email);
        if (address is null)
        {
            return sms
                ? ServiceError.Invalid("phone", "phone must be a number in E.164 form, such as +15551234567.")
                : ServiceError.Invalid("email", "email must be an e-mail address.");
        }

        if ((sms ? request.Email : request.Phone) is not null)
        {
            return ServiceError.Invalid(sms ? "email" : "phone", sms ? "An SMS device has a phone, not an email." : "An e-mail device has an email, not a phone.");
        }

        ContactDeviceRecord? device = null;
        await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserContactDeviceSet, StatusCodes.Status200OK, async () =>
        {
            device = await db.ContactDevices.FirstOrDefaultAsync(
                d => d.EnvironmentId == environmentId && d.UserId == userId && d.Channel == type, cancellationToken);
            if (device is null)
            {
                device = new ContactDeviceRecord { EnvironmentId = environmentId, UserId = userId, Channel = type, Address = address, CreatedAt = clock.GetUtcNow() };
                db.ContactDevices.Add(device);
            }

            device.Address = address;
            device.Verified = request.Verified;
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }, cancellationToken);
        return ServiceResult<UserMfaDeviceResource>.Ok(UserMfaDeviceResource.Of(device!));
    }

    /// <summary>Removes the user's device of the type; codes of that channel stop at once.</summary>
    public async Task<ServiceResult<bool>> RemoveAsync(string environmentId, string userId, string type, AuditActor actor, CancellationToken cancellationToken)
    {
        var (_, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        return await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserContactDeviceDeleted, StatusCodes.Status204NoContent,
                async () => await db.ContactDevices.Where(d => d.EnvironmentId == environmentId && d.UserId == userId && d.Channel == type)
                    .ExecuteDeleteAsync(cancellationToken) > 0, cancellationToken)
            ? ServiceResult<bool>.Ok(true)
            : ServiceError.Missing($"The {type} device of user '{userId}' in environment '{environmentId}'");
    }
}

/// <summary>The body of <c>PUT …/mfaDevices/email</c> (<c>{email, verified}</c>) or <c>…/sms</c> (<c>{phone, verified}</c>).</summary>
public sealed record ContactDeviceRequest
{
    public string? Email { get; init; }

    public string? Phone { get; init; }

    /// <summary>Whether the address is known to be the user's; codes go only to verified devices.</summary>
    public bool Verified { get; init; }
}
