using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.AuthServer.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.SigningKeys;

/// <summary>
/// Moves an environment's signing keys one step on: the active key becomes previous (published until every access and
/// ID token it signed has expired, kept until every refresh token and code has), the next key, published since the
/// last rotation, becomes active, and a new next key is published. Race-free across nodes: each step is a conditional
/// update on the key as read, and the unique index admits one next and one active key.
/// </summary>
public sealed class SigningKeyRotation(
    EnvironmentKeyStore keys, IChangeSignal signal, IOptions<SigningKeyOptions> options, TimeProvider clock)
{
    /// <summary>The environment's signing keys that are not previous: the active one and the next one.</summary>
    public static async Task<(SigningKeyRecord? Active, SigningKeyRecord? Next)> ReadAsync(
        ServerDbContext db, string environmentId, CancellationToken cancellationToken)
    {
        var keys = await db.SigningKeys.AsNoTracking()
            .Where(k => k.EnvironmentId == environmentId && k.Use == EnvironmentKeyStore.SigningUse && k.Status != SigningKeyStatuses.Previous)
            .ToListAsync(cancellationToken);
        return (keys.FirstOrDefault(k => k.Status == SigningKeyStatuses.Active), keys.FirstOrDefault(k => k.Status == SigningKeyStatuses.Next));
    }

    /// <summary>Whether the active key has signed for a whole <see cref="SigningKeyOptions.RotationPeriod"/>.</summary>
    public bool IsDue(SigningKeyRecord active) =>
        (active.ActivatedAt ?? active.CreatedAt) + options.Value.RotationPeriod <= clock.GetUtcNow();

    /// <summary>
    /// Prepares the rotation of <paramref name="active"/> and <paramref name="next"/>: the new next key is made here, before
    /// any transaction (making an RSA key takes a while).
    /// </summary>
    public Rotation Prepare(string environmentId, SigningKeyRecord active, SigningKeyRecord next) =>
        new(active.Id, next.Id, keys.New(environmentId, EnvironmentKeyStore.SigningUse, SigningKeyStatuses.Next), clock.GetUtcNow());

    /// <summary>
    /// Runs <paramref name="rotation"/>'s statements inside the caller's transaction; the new next key is added to
    /// <paramref name="db"/> for the caller's save. False, with nothing changed or added, when another node rotated
    /// first (the keys are no longer as read).
    /// </summary>
    public static async Task<bool> ApplyAsync(ServerDbContext db, Rotation rotation, CancellationToken cancellationToken)
    {
        var retired = await db.SigningKeys
            .Where(k => k.Id == rotation.ActiveId && k.Status == SigningKeyStatuses.Active)
            .ExecuteUpdateAsync(set => set
                .SetProperty(k => k.Status, SigningKeyStatuses.Previous)
                .SetProperty(k => k.RetireAfter, rotation.At + TokenLifetimes.Published)
                .SetProperty(k => k.DeleteAfter, rotation.At + TokenLifetimes.Kept), cancellationToken);
        if (retired == 0)
        {
            return false;
        }

        var promoted = await db.SigningKeys
            .Where(k => k.Id == rotation.NextId && k.Status == SigningKeyStatuses.Next)
            .ExecuteUpdateAsync(set => set
                .SetProperty(k => k.Status, SigningKeyStatuses.Active)
                .SetProperty(k => k.ActivatedAt, rotation.At), cancellationToken);
        if (promoted == 0)
        {
            return false;
        }

        db.SigningKeys.Add(rotation.NewNext);
        return true;
    }

    /// <summary>
    /// Makes every node forget the environment's keys and options, once a change of its keys committed: their next
    /// request signs with the new key.
    /// </summary>
    public Task CommittedAsync(string environmentId) => signal.PublishAsync(CacheChange.Keys(environmentId));

    /// <summary>One rotation, as prepared: the keys it expects to find, the next key it adds, and when it happens.</summary>
    public sealed record Rotation(string ActiveId, string NextId, SigningKeyRecord NewNext, DateTimeOffset At);
}
