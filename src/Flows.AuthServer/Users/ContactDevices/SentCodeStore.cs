using Flows.Activities.Messaging;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>
/// The codes sent for flow steps, as salted hashes only: one per step, a new one replacing the last; a right code is
/// deleted in one conditional statement, so it works once. Sign-in codes and verification codes alike.
/// </summary>
public sealed class SentCodeStore(ServerDbContext db, TimeProvider clock)
{
    /// <summary>Keeps a code that was sent for the step, in place of any earlier one.</summary>
    public async Task StoreAsync(
        string environmentId, string flowInstanceId, string nodeId, string userId, string code, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var salt = SentCodeHashing.NewSalt();
        var stored = await db.SentCodes.FirstOrDefaultAsync(
            c => c.EnvironmentId == environmentId && c.FlowInstanceId == flowInstanceId && c.NodeId == nodeId, cancellationToken);
        if (stored is null)
        {
            db.SentCodes.Add(new SentCodeRecord
            {
                EnvironmentId = environmentId,
                FlowInstanceId = flowInstanceId,
                NodeId = nodeId,
                UserId = userId,
                Salt = salt,
                CodeHash = SentCodeHashing.Hash(salt, code),
                ExpiresAt = now + lifetime,
                CreatedAt = now,
            });
        }
        else
        {
            stored.Salt = salt;
            stored.CodeHash = SentCodeHashing.Hash(salt, code);
            stored.ExpiresAt = now + lifetime;
            stored.CreatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Checks a typed code against the step's, for the user; a right one in time is used up (of two requests, one wins).</summary>
    public async Task<CodeCheck> ConsumeAsync(
        string environmentId, string userId, string flowInstanceId, string nodeId, string code, CancellationToken cancellationToken)
    {
        var sent = await db.SentCodes.AsNoTracking().FirstOrDefaultAsync(
            c => c.EnvironmentId == environmentId && c.FlowInstanceId == flowInstanceId && c.NodeId == nodeId, cancellationToken);
        if (sent is null || sent.UserId != userId || !SentCodeHashing.Matches(sent.Salt, code, sent.CodeHash))
        {
            return CodeCheck.Wrong;
        }

        if (sent.ExpiresAt <= clock.GetUtcNow())
        {
            return CodeCheck.Expired;
        }

        // One statement: of two requests with the same code, exactly one deletes it. Not cancelled with the request, so
        // a right code that was used up is never left counted as a failure.
        var used = await db.SentCodes
            .Where(c => c.EnvironmentId == environmentId && c.FlowInstanceId == flowInstanceId && c.NodeId == nodeId && c.CodeHash == sent.CodeHash)
            .ExecuteDeleteAsync(CancellationToken.None);
        return used == 1 ? CodeCheck.Valid : CodeCheck.Wrong;
    }
}
