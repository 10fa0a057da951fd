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
    /// <summary>
    /// Keeps a code for the step, in place of any earlier one, before it goes out (a reader who types it at once must
    /// find it); answers what it replaced, for <see cref="TakeBackAsync"/> should the code not go out.
    /// </summary>
    public async Task<StoredCode> StoreAsync(
        string environmentId, string flowInstanceId, string nodeId, string userId, string code, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var salt = SentCodeHashing.NewSalt();
        var hash = SentCodeHashing.Hash(salt, code);
        var stored = await db.SentCodes.FirstOrDefaultAsync(
            c => c.EnvironmentId == environmentId && c.FlowInstanceId == flowInstanceId && c.NodeId == nodeId, cancellationToken);
        StoredCode.Earlier? replaced = null;
        if (stored is null)
        {
            db.SentCodes.Add(new SentCodeRecord
            {
                EnvironmentId = environmentId,
                FlowInstanceId = flowInstanceId,
                NodeId = nodeId,
                UserId = userId,
                Salt = salt,
                CodeHash = hash,
                ExpiresAt = now + lifetime,
                CreatedAt = now,
            });
        }
        else
        {
            replaced = new StoredCode.Earlier(stored.Salt, stored.CodeHash, stored.ExpiresAt, stored.CreatedAt);
            stored.Salt = salt;
            stored.CodeHash = hash;
            stored.ExpiresAt = now + lifetime;
            stored.CreatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new StoredCode(environmentId, flowInstanceId, nodeId, hash, replaced);
    }

    /// <summary>
    /// Puts back what a code that could not be sent replaced (or nothing), so that a code no one received is never the
    /// one the step waits for. Only while that code is still the step's: a newer one stays.
    /// </summary>
    public async Task TakeBackAsync(StoredCode code)
    {
        var still = db.SentCodes.Where(c =>
            c.EnvironmentId == code.EnvironmentId && c.FlowInstanceId == code.FlowInstanceId && c.NodeId == code.NodeId && c.CodeHash == code.CodeHash);
        if (code.Replaced is not { } earlier)
        {
            await still.ExecuteDeleteAsync(CancellationToken.None);
            return;
        }

        await still.ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Salt, earlier.Salt)
            .SetProperty(c => c.CodeHash, earlier.CodeHash)
            .SetProperty(c => c.ExpiresAt, earlier.ExpiresAt)
            .SetProperty(c => c.CreatedAt, earlier.CreatedAt), CancellationToken.None);
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

/// <summary>A code kept for a step, by its hash, and the one it replaced there, if any.</summary>
public sealed record StoredCode(string EnvironmentId, string FlowInstanceId, string NodeId, string CodeHash, StoredCode.Earlier? Replaced)
{
    public sealed record Earlier(string Salt, string CodeHash, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt);
}
