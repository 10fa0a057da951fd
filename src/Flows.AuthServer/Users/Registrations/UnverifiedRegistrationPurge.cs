using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Users.Registrations;

/// <summary>
/// Deletes the accounts that registered themselves and were never verified within
/// <see cref="RegistrationOptions.UnverifiedLifetime"/>, so that they stop holding their usernames; their e-mail device
/// and sent codes go with them (cascade). Accounts an administrator or an import created, verified ones and enabled ones
/// are never touched. Each batch is one conditional delete, so any number of nodes may run it at once.
/// </summary>
public sealed class UnverifiedRegistrationPurge(ServerDbContext db, IOptions<RegistrationOptions> options, TimeProvider clock)
{
    // Small batches keep each delete short: SQLite has one writer, and sign-ins must not wait behind a purge.
    private const int BatchSize = 500;

    /// <summary>Purges what is past the lifetime; the number of accounts deleted.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.UnverifiedLifetime;
        var purged = 0;
        int deleted;
        do
        {
            // The condition is also the delete's own, not only the batch's: PostgreSQL re-checks it on a row a verification
            // (which enables the account and clears UnverifiedSince in one statement) changed meanwhile, so of the two
            // exactly one takes effect.
            var batch = db.Users.Where(u => u.UnverifiedSince != null && u.UnverifiedSince < before && !u.Enabled)
                .OrderBy(u => u.Id).Take(BatchSize).Select(u => u.Id);
            deleted = await db.Users
                .Where(u => batch.Contains(u.Id) && u.UnverifiedSince != null && u.UnverifiedSince < before && !u.Enabled)
                .ExecuteDeleteAsync(cancellationToken);
            purged += deleted;
        }
        while (deleted == BatchSize);

        return purged;
    }
}
