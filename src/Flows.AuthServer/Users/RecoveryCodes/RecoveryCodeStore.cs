using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Users.RecoveryCodes;

/// <summary>The users' recovery codes in the server's store: hashes only, each row deleted by the use of its code.</summary>
public sealed class RecoveryCodeStore(ServerDbContext db, TimeProvider clock) : IRecoveryCodes
{
    public Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        db.RecoveryCodes.AnyAsync(c => c.EnvironmentId == environmentId && c.UserId == userId, cancellationToken);

    /// <summary>How many unused codes the user has.</summary>
    public Task<int> CountAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        db.RecoveryCodes.CountAsync(c => c.EnvironmentId == environmentId && c.UserId == userId, cancellationToken);

    public async Task<IReadOnlyList<string>> RegenerateAsync(string environmentId, string userId, CancellationToken cancellationToken)
    {
        var codes = Enumerable.Range(0, RecoveryCodeHashing.CodesPerUser).Select(_ => RecoveryCodeHashing.NewCode()).ToList();
        var now = clock.GetUtcNow();

        // Old and new codes change together: there is never a moment with both, or with none.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.RecoveryCodes.Where(c => c.EnvironmentId == environmentId && c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.RecoveryCodes.AddRange(codes.Select(code => new RecoveryCodeRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            EnvironmentId = environmentId,
            UserId = userId,
            CodeHash = RecoveryCodeHashing.Hash(environmentId, userId, code),
            CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return codes;
    }

    public async Task<bool> TryRedeemAsync(string environmentId, string userId, string code, CancellationToken cancellationToken)
    {
        var hash = RecoveryCodeHashing.Hash(environmentId, userId, code);

        // Deleting is the check: of two uses of one code, the database lets one delete it.
        return await db.RecoveryCodes.Where(c => c.EnvironmentId == environmentId && c.UserId == userId && c.CodeHash == hash)
            .ExecuteDeleteAsync(cancellationToken) == 1;
    }
}
