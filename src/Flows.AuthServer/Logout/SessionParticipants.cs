using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Logout;

/// <summary>Records which applications took part in a session, and reads them back with their logout addresses at sign-off.</summary>
public sealed class SessionParticipants(ServerDbContext db, TimeProvider clock)
{
    /// <summary>Notes that the authorization endpoint answered <paramref name="clientId"/> for the session's user; once per application.</summary>
    public async Task RecordAsync(SessionRecord session, string clientId, string subject, CancellationToken cancellationToken)
    {
        var known = await db.SessionParticipants.FirstOrDefaultAsync(p => p.SessionId == session.Id && p.ClientId == clientId, cancellationToken);
        if (known is not null)
        {
            known.Subject = subject;
        }

        var added = known is null
            ? db.SessionParticipants.Add(new SessionParticipantRecord
            {
                SessionId = session.Id,
                EnvironmentId = session.EnvironmentId,
                ClientId = clientId,
                Subject = subject,
                JoinedAt = clock.GetUtcNow(),
            })
            : null;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (added is not null)
        {
            // A concurrent answer to the same application recorded it first: it takes part either way. Only this row is
            // forgotten; the context's other entities are OpenIddict's, in the middle of the sign-in.
            added.State = EntityState.Detached;
        }
    }

    /// <summary>The applications that took part in the session and still exist, with their current logout addresses.</summary>
    public async Task<IReadOnlyList<SessionParticipant>> ListAsync(SessionRecord session, CancellationToken cancellationToken) =>
        await (from participant in db.SessionParticipants.AsNoTracking()
               where participant.SessionId == session.Id
               join application in db.Applications.AsNoTracking()
                   on new { participant.EnvironmentId, ClientId = (string?)participant.ClientId }
                   equals new { application.EnvironmentId, application.ClientId }
               orderby participant.JoinedAt
               select new SessionParticipant(
                   participant.ClientId,
                   application.DisplayName,
                   participant.Subject,
                   application.BackchannelLogoutUri,
                   application.FrontchannelLogoutUri,
                   application.FrontchannelLogoutSessionRequired))
            .ToListAsync(cancellationToken);
}

/// <summary>An application of a session, as sign-off notifies it.</summary>
public sealed record SessionParticipant(
    string ClientId, string? Name, string Subject, string? BackchannelLogoutUri, string? FrontchannelLogoutUri, bool FrontchannelLogoutSessionRequired);
