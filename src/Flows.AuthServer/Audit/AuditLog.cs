using Flows.AuthServer.Data;

namespace Flows.AuthServer.Audit;

/// <summary>
/// Adds a change's audit entry to the context that stores the change, unsaved: the caller's one SaveChanges
/// stores both or neither.
/// </summary>
public sealed class AuditLog(TimeProvider clock)
{
    private const int MaxPathLength = 512;

    public AuditEntryRecord Add(ServerDbContext db, AuditActor actor, string? environmentId, string action, int status)
    {
        var entry = new AuditEntryRecord
        {
            At = clock.GetUtcNow(),
            Actor = actor.Subject,
            EnvironmentId = environmentId,
            Action = action,
            Method = actor.Method,
            Path = actor.Path.Length <= MaxPathLength ? actor.Path : actor.Path[..MaxPathLength],
            Status = status,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>
    /// Logs a change already stored by other means (a conditional statement, the engine's tables), in a save of its
    /// own. Not cancellable: a change that happened keeps its entry, however the caller went away.
    /// </summary>
    public async Task RecordAsync(ServerDbContext db, AuditActor actor, string? environmentId, string action, int status)
    {
        Add(db, actor, environmentId, action, status);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Runs <paramref name="change"/> (statements of <paramref name="db"/> that write at once, such as
    /// <c>ExecuteUpdate</c>) and stores its entry in the same transaction: both or neither. A change that reports
    /// false did not happen, and is rolled back with no entry.
    /// </summary>
    public async Task<bool> RecordWithAsync(
        ServerDbContext db, AuditActor actor, string? environmentId, string action, int status, Func<Task<bool>> change,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await change())
        {
            return false;
        }

        var entry = Add(db, actor, environmentId, action, status);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch
        {
            Withdraw(db, entry);
            throw;
        }
    }

    /// <summary>Takes back an entry whose change was refused when saved, so a later save of the context does not store it.</summary>
    public static void Withdraw(ServerDbContext db, AuditEntryRecord entry) =>
        db.Entry(entry).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
}
