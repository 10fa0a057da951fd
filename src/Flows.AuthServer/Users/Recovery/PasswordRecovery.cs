using Flows.Activities.Messaging;
using Flows.Activities.Users;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.Recovery;

/// <summary>
/// The server's recovery of a forgotten password: codes go out through <see cref="RecoveryCodeOutbox"/>; a right code
/// (checked by <see cref="IMessagedCodes"/>, counted with the user's one-time codes) replaces the password, ends the
/// password lockout, and signs the user out everywhere as a password change does, with an audit entry of its own.
/// </summary>
public sealed class PasswordRecovery(
    ServerDbContext db,
    RecoveryCodeOutbox outbox,
    IMessagedCodes codes,
    PasswordHashing hashing,
    PasswordPolicy policy,
    OtpLockout otpLockout,
    UserSignOut signOut,
    IUserDirectory users,
    IFlowInstanceStore flowInstances,
    AuditLog audit,
    TimeProvider clock) : IPasswordRecovery
{
    public ValueTask RequestCodeAsync(RecoveryCodeRequest request, CancellationToken cancellationToken)
    {
        outbox.Add(request);
        return ValueTask.CompletedTask;
    }

    public string? FindPasswordProblem(string username, string newPassword) => policy.FindProblem(username, newPassword);

    public async Task<PasswordRecoveryResult> RecoverAsync(PasswordRecoveryAttempt attempt, CancellationToken cancellationToken)
    {
        var normalized = Usernames.Normalize(attempt.Username);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(
            u => u.EnvironmentId == attempt.EnvironmentId && u.NormalizedUsername == normalized, cancellationToken);
        if (user is not { Enabled: true })
        {
            // No code was sent to anyone: any code is wrong.
            return new PasswordRecoveryResult(PasswordRecoveryStatus.WrongCode);
        }

        // Counted before it is checked, per user over all flows, with the user's other sent codes (NIST SP 800-63B §5.2.2).
        if (!await otpLockout.TryReserveAttemptAsync(attempt.EnvironmentId, user.Id, cancellationToken))
        {
            return new PasswordRecoveryResult(PasswordRecoveryStatus.Locked);
        }

        var check = await codes.CheckAsync(attempt.EnvironmentId, user.Id, attempt.FlowInstanceId, attempt.NodeId, attempt.Code, cancellationToken);
        if (check != CodeCheck.Valid)
        {
            return await otpLockout.RecordFailureAsync(attempt.EnvironmentId, user.Id)
                ? new PasswordRecoveryResult(PasswordRecoveryStatus.Locked)
                : new PasswordRecoveryResult(check == CodeCheck.Expired ? PasswordRecoveryStatus.ExpiredCode : PasswordRecoveryStatus.WrongCode);
        }

        await ReplacePasswordAsync(user, attempt);

        // RFC 9700 §4.14.2: a new password revokes what the old one issued. The session running this flow stays: it is
        // the one that proved the code, and it signs in with the new password when the flow completes.
        var recoveringSession = (await flowInstances.FindAsync(attempt.FlowInstanceId, CancellationToken.None))?.SessionTokenHash;
        await signOut.EndEverywhereAsync(attempt.EnvironmentId, user.Id, recoveringSession);
        return new PasswordRecoveryResult(PasswordRecoveryStatus.Recovered,
            await users.FindByIdAsync(attempt.EnvironmentId, user.Id, CancellationToken.None));
    }

    /// <summary>
    /// Stores the new password and ends the password lockout, with the audit entry, in one transaction. Not cancelled
    /// with the request: the code is used up already.
    /// </summary>
    private async Task ReplacePasswordAsync(UserRecord user, PasswordRecoveryAttempt attempt)
    {
        var hash = await hashing.HashAsync(user, attempt.NewPassword, CancellationToken.None);
        var now = clock.GetUtcNow();
        var actor = new AuditActor(user.Id, HttpMethods.Post, $"/{attempt.EnvironmentId}/flows/{attempt.FlowInstanceId}");
        await audit.RecordWithAsync(db, actor, attempt.EnvironmentId, AuditActions.UserPasswordRecovered, StatusCodes.Status200OK,
            async () => await db.Users
                .Where(u => u.Id == user.Id && u.EnvironmentId == attempt.EnvironmentId)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(u => u.PasswordHash, hash)
                    .SetProperty(u => u.MustChangePassword, false)
                    .SetProperty(u => u.PasswordChangedAt, now)
                    // The lock guarded the old password against guesses; whoever holds the mailbox has just replaced it.
                    .SetProperty(u => u.AccessFailedCount, 0)
                    .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
                    .SetProperty(u => u.UpdatedAt, now), CancellationToken.None) == 1,
            CancellationToken.None);
    }
}
