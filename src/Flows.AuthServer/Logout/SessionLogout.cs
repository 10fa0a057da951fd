using Flows.AuthServer.Data;
using Flows.AuthServer.Sessions;
using Microsoft.AspNetCore.WebUtilities;

namespace Flows.AuthServer.Logout;

/// <summary>
/// Ends a session and notifies the applications that took part in it: a back-channel logout token for each one with a
/// <c>backchannel_logout_uri</c>, queued in the same transaction that ends the session (sent in the background), and
/// the front-channel pages the sign-off page must load.
/// </summary>
public sealed class SessionLogout(
    ServerDbContext db, SessionService sessions, SessionParticipants participants, LogoutOutbox outbox, LogoutDeliverySignal signal)
{
    /// <summary>Ends <paramref name="session"/>; returns the front-channel logout URLs to load, in the order the applications joined.</summary>
    public async Task<IReadOnlyList<FrontchannelLogout>> EndAsync(SessionRecord session, string issuer, CancellationToken cancellationToken)
    {
        var joined = await participants.ListAsync(session, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The session's own context: the end and the deliveries commit together, or neither does.
            await sessions.EndAsync(session, cancellationToken);
            outbox.Add(issuer, session, joined);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (joined.Any(p => p.BackchannelLogoutUri is not null))
        {
            signal.Notify();
        }

        return joined.Where(p => p.FrontchannelLogoutUri is not null)
            .Select(p => new FrontchannelLogout(p.Name ?? p.ClientId, FrontchannelUrl(p, issuer, session.Id)))
            .ToList();
    }

    /// <summary>The application's page, with <c>iss</c> and <c>sid</c> when it asked for them (Front-Channel Logout 1.0 §2).</summary>
    private static string FrontchannelUrl(SessionParticipant participant, string issuer, string sessionId) =>
        participant.FrontchannelLogoutSessionRequired
            ? QueryHelpers.AddQueryString(participant.FrontchannelLogoutUri!, new Dictionary<string, string?>
            {
                [IssuerParameter] = issuer,
                [SessionIdParameter] = sessionId,
            })
            : participant.FrontchannelLogoutUri!;

    public const string IssuerParameter = "iss";

    public const string SessionIdParameter = "sid";
}

/// <summary>An application's front-channel logout page, as the sign-off page frames it.</summary>
public sealed record FrontchannelLogout(string ApplicationName, string Url);
