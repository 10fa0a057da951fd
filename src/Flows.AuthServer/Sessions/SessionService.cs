using Flows.AuthServer.Data;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Sessions;

/// <summary>Starts, finds, authenticates and ends the browser sessions of an environment.</summary>
public sealed class SessionService(ServerDbContext db, TimeProvider clock, IOptions<SignOnSessionOptions> options)
{
    // The session this request last found by its token. A request asks for it more than once (a resume takes the flow,
    // then signs in and names the session in the ID token), and every caller must see the same record. Forgotten as soon
    // as this service changes a session.
    //
    // Sessions are read without tracking and written as plain statements (MappedStatement): every sign-in starts and
    // renews one, and the change tracker's snapshots of their JSON columns cost more than the statements themselves. Only
    // this service changes a session.
    private (string TokenHash, SessionRecord Session)? _found;

    /// <summary>The live session behind a token, or null when it is unknown, of another environment, ended or expired.</summary>
    public async Task<SessionRecord?> FindAsync(string environmentId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return null;
        }

        var hash = SessionTokens.Hash(token);
        var now = clock.GetUtcNow();
        var session = _found is { } found && found.TokenHash == hash && found.Session.TokenHash == hash
            ? found.Session
            : await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        _found = session is null ? null : (hash, session);
        return session is { EndedAt: null } && session.EnvironmentId == environmentId && session.ExpiresAt > now ? session : null;
    }

    /// <summary>The live session whose token hashes to <paramref name="tokenHash"/> (what a flow records of its owner), or null.</summary>
    public async Task<SessionRecord?> FindByTokenHashAsync(string environmentId, string tokenHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == tokenHash, cancellationToken);
        return session is { EndedAt: null } && session.EnvironmentId == environmentId && session.ExpiresAt > now ? session : null;
    }

    /// <summary>Starts an anonymous session; the token goes into the cookie and nowhere else.</summary>
    public async Task<(SessionRecord Session, string Token)> StartAsync(string environmentId, CancellationToken cancellationToken)
    {
        var token = SessionTokens.New();
        var now = clock.GetUtcNow();
        var session = new SessionRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            EnvironmentId = environmentId,
            TokenHash = SessionTokens.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + options.Value.Lifetime,
        };
        await MappedStatement.Insert(db, session).ExecuteAsync(cancellationToken);
        return (session, token);
    }

    /// <summary>
    /// Records what a completed flow proved and renews the session's token, so a token known before the sign-in
    /// (planted in the browser by someone else) never finds an authenticated session (OWASP session fixation).
    /// The same user keeps the proofs of earlier flows; another user starts over with this flow's proof only.
    /// </summary>
    /// <exception cref="SessionChangedException">Another sign-in renewed the session meanwhile; nothing was recorded.</exception>
    public async Task<RenewedSession> AuthenticateAsync(SessionRecord session, string userId, SessionProof proof, CancellationToken cancellationToken)
    {
        var token = SessionTokens.New();
        var previousTokenHash = session.TokenHash;
        var sameUser = session.UserId == userId;
        var kept = sameUser ? session.Proofs.Where(p => p.FlowId != proof.FlowId || p.FlowVersion != proof.FlowVersion) : [];

        // The acr values an earlier run of this flow version satisfied stay satisfied: it is the same proof, renewed.
        var replaced = sameUser ? session.Proofs.Where(p => p.FlowId == proof.FlowId && p.FlowVersion == proof.FlowVersion) : [];
        var satisfied = replaced.SelectMany(p => p.SatisfiedAcrs ?? []).Concat(proof.SatisfiedAcrs ?? []).Distinct(StringComparer.Ordinal).ToList();
        session.Proofs = [.. kept, proof with { SatisfiedAcrs = satisfied }];
        session.UserId = userId;
        session.Amr = [.. proof.Amr];
        session.Acr = proof.Acr;
        session.AuthenticatedAt = proof.AuthenticatedAt;
        session.TokenHash = SessionTokens.Hash(token);
        _found = null;
        var updated = await MappedStatement.Update<SessionRecord>(db,
            [
                (nameof(SessionRecord.Proofs), session.Proofs),
                (nameof(SessionRecord.UserId), session.UserId),
                (nameof(SessionRecord.Amr), session.Amr),
                (nameof(SessionRecord.Acr), session.Acr),
                (nameof(SessionRecord.AuthenticatedAt), session.AuthenticatedAt),
                (nameof(SessionRecord.TokenHash), session.TokenHash),
            ],
            (nameof(SessionRecord.Id), session.Id),
            (nameof(SessionRecord.TokenHash), previousTokenHash)).ExecuteAsync(cancellationToken);
        if (updated == 0)
        {
            throw new SessionChangedException(session.Id);
        }

        return new RenewedSession(token, previousTokenHash, session.ExpiresAt);
    }

    /// <summary>Ends the session, whatever its token has become meanwhile.</summary>
    public async Task EndAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        _found = null;
        await db.Sessions.Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now), cancellationToken);
    }
}
