using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;

namespace Flows.AuthServer.Users.RecoveryCodes;

/// <summary>
/// A user's recovery codes as an administrator manages them: how many are left, or a new set (shown once in the
/// answer; the old ones stop working), logged by the actor's name with the change.
/// </summary>
public sealed class UserRecoveryCodeService(UserService users, RecoveryCodeStore codes, ServerDbContext db, AuditLog audit)
{
    public async Task<ServiceResult<RecoveryCodeStatus>> StatusAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var (_, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        return missing ?? ServiceResult<RecoveryCodeStatus>.Ok(new RecoveryCodeStatus(await codes.CountAsync(environmentId, userId, cancellationToken)));
    }

    public async Task<ServiceResult<IssuedRecoveryCodes>> RegenerateAsync(
        string environmentId, string userId, AuditActor actor, CancellationToken cancellationToken)
    {
        var (_, missing) = await users.FindAsync(environmentId, userId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        IReadOnlyList<string> issued = [];
        await audit.RecordWithAsync(db, actor, environmentId, AuditActions.UserRecoveryCodesIssued, StatusCodes.Status201Created, async () =>
        {
            issued = await codes.RegenerateAsync(environmentId, userId, cancellationToken);
            return true;
        }, cancellationToken);
        return ServiceResult<IssuedRecoveryCodes>.Ok(new IssuedRecoveryCodes(issued, issued.Count));
    }
}

/// <summary>How many unused recovery codes a user has.</summary>
public sealed record RecoveryCodeStatus(int Remaining);

/// <summary>A user's new recovery codes, in clear in this answer only.</summary>
public sealed record IssuedRecoveryCodes(IReadOnlyList<string> RecoveryCodes, int Remaining);
