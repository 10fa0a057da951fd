using System.Security.Cryptography;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Logout;

/// <summary>
/// The durable queue of back-channel logout notifications: a table, so that a crash or a restart loses none. Any node
/// may send a delivery; it claims it first by moving its due time ahead, so no two nodes send it at once.
/// </summary>
public sealed class LogoutOutbox(ServerDbContext db, TimeProvider clock, IOptions<LogoutOptions> options)
{
    private const int BatchSize = 20;

    /// <summary>Adds one delivery per application (saved with the caller's other changes by <see cref="DbContext.SaveChangesAsync(CancellationToken)"/>).</summary>
    public void Add(string issuer, SessionRecord session, IEnumerable<SessionParticipant> participants)
    {
        var now = clock.GetUtcNow();
        foreach (var participant in participants.Where(p => p.BackchannelLogoutUri is not null))
        {
            db.LogoutDeliveries.Add(new LogoutDeliveryRecord
            {
                Id = Guid.NewGuid().ToString("N"),
                EnvironmentId = session.EnvironmentId,
                ClientId = participant.ClientId,
                Uri = participant.BackchannelLogoutUri!,
                Issuer = issuer,
                Subject = participant.Subject,
                SessionId = session.Id,
                TokenId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(18)),
                CreatedAt = now,
                NextAttemptAt = now,
            });
        }
    }

    /// <summary>
    /// Claims up to a batch of due deliveries for one attempt each: counts the attempt and holds the delivery for a
    /// request's time plus a margin, after which another node may take it if this one died.
    /// </summary>
    public async Task<IReadOnlyList<LogoutDeliveryRecord>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.LogoutDeliveries.AsNoTracking()
            .Where(d => d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var held = now + options.Value.RequestTimeout * 3;
        var claimed = new List<LogoutDeliveryRecord>();
        foreach (var delivery in due)
        {
            var readAt = delivery.NextAttemptAt;
            var taken = await db.LogoutDeliveries
                .Where(d => d.Id == delivery.Id && d.NextAttemptAt == readAt)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.NextAttemptAt, held).SetProperty(d => d.Attempts, d => d.Attempts + 1), cancellationToken);
            if (taken == 1)
            {
                delivery.Attempts++;
                delivery.NextAttemptAt = held;
                claimed.Add(delivery);
            }
        }

        return claimed;
    }

    /// <summary>Removes a delivery that arrived or was given up.</summary>
    public Task CompleteAsync(LogoutDeliveryRecord delivery, CancellationToken cancellationToken) =>
        db.LogoutDeliveries.Where(d => d.Id == delivery.Id).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Schedules the next attempt of a delivery that failed; returns when it is due.</summary>
    public async Task<DateTimeOffset> RetryLaterAsync(LogoutDeliveryRecord delivery, CancellationToken cancellationToken)
    {
        var next = clock.GetUtcNow() + options.Value.RetryDelay(delivery.Attempts);
        await db.LogoutDeliveries.Where(d => d.Id == delivery.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.NextAttemptAt, next), cancellationToken);
        return next;
    }
}
