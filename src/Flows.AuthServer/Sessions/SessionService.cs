using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Sessions;

/// <summary>Starts, finds, authenticates and ends the browser sessions of an environment.</summary>
public sealed class SessionService(ServerDbContext db, TimeProvider clock, IOptions<SignOnSessionOptions> options)
{
    /// <summary>The live session behind a token, or null when it is unknown, of another environment, ended or expired.</summary>
    public async Task<SessionRecord?> FindAsync(string environmentId, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return null;
        }

        var hash = SessionTokens.Hash(token);
        var now = clock.GetUtcNow();
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
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
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return (session, token);
    }

    /// <summary>Records who the session now belongs to, after a flow authenticated them.</summary>
    public async Task AuthenticateAsync(
        SessionRecord session, string userId, IReadOnlyList<string> amr, string? acr, DateTimeOffset authenticatedAt, CancellationToken cancellationToken)
    {
        session.UserId = userId;
        session.Amr = [.. amr];
        session.Acr = acr;
        session.AuthenticatedAt = authenticatedAt;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task EndAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        session.EndedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
