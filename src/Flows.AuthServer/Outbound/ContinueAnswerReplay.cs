using System.Security.Cryptography;
using System.Text;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Accepts an application's answer token once only: its jti is recorded until the token expires, on every node through
/// the database (the key decides between two nodes at once).
/// </summary>
public sealed class ContinueAnswerReplay(ServerDbContext db, TimeProvider clock)
{
    public Task<bool> WasUsedAsync(string environmentId, string tokenId, CancellationToken cancellationToken)
    {
        var hash = Hash(tokenId);
        return db.ContinueAnswers.AsNoTracking().AnyAsync(a => a.EnvironmentId == environmentId && a.TokenIdHash == hash, cancellationToken);
    }

    /// <summary>Records the token as used; false when it was used already.</summary>
    public async Task<bool> TryUseAsync(string environmentId, string tokenId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // Expired records can no longer be replayed (their tokens are refused as expired): each new one clears them away.
        await db.ContinueAnswers.Where(a => a.EnvironmentId == environmentId && a.ExpiresAt < now - ContinueTokens.ClockSkew)
            .ExecuteDeleteAsync(cancellationToken);
        var record = new ContinueAnswerRecord { EnvironmentId = environmentId, TokenIdHash = Hash(tokenId), ExpiresAt = expiresAt };
        db.ContinueAnswers.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    private static string Hash(string tokenId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(tokenId)));
}
