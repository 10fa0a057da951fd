using System.Data.Common;
using Flows.AuthServer.Data;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Logout;

/// <summary>Records which applications took part in a session, and reads them back with their logout addresses at sign-off.</summary>
public sealed class SessionParticipants(ServerDbContext db, TimeProvider clock)
{
    /// <summary>Notes that the authorization endpoint answered <paramref name="clientId"/> for the session's user; once per application.</summary>
    public async Task RecordAsync(SessionRecord session, string clientId, string subject, CancellationToken cancellationToken)
    {
        // One upsert, the same SQL on SQLite and PostgreSQL: a concurrent answer to the same application meets this one
        // in the database, and the application takes part either way.
        var table = MappedTable.Of<SessionParticipantRecord>(db);
        var statement = MappedStatement.Insert(db, new SessionParticipantRecord
        {
            SessionId = session.Id,
            EnvironmentId = session.EnvironmentId,
            ClientId = clientId,
            Subject = subject,
            JoinedAt = clock.GetUtcNow(),
        });
        var subjectColumn = table.Column(nameof(SessionParticipantRecord.Subject)).Name;
        statement.Append(
            $" ON CONFLICT ({table.Column(nameof(SessionParticipantRecord.SessionId)).Name}, {table.Column(nameof(SessionParticipantRecord.ClientId)).Name})"
            + $" DO UPDATE SET {subjectColumn} = excluded.{subjectColumn}");
        try
        {
            await statement.ExecuteAsync(cancellationToken);
        }
        catch (DbException)
        {
            if (await db.Sessions.AnyAsync(s => s.Id == session.Id, cancellationToken))
            {
                throw;
            }

            // The session was removed meanwhile (its user signed out or was deleted): there is nothing left to take part in.
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
