using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Users;

/// <summary>
/// Signs a user out everywhere in an environment: ends their sign-on sessions and revokes their authorizations
/// and tokens, and forgets the browsers remembered for them. After a new password or a disabled account, nothing
/// issued before keeps anyone signed in.
/// </summary>
public sealed class UserSignOut(
    ServerDbContext db, IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, TimeProvider clock)
{
    /// <summary>
    /// Ends the user's sessions (no more single sign-on with them) and revokes their authorizations and tokens in
    /// every application of the environment: RFC 9700 §4.14.2 names a password change among the events that revoke
    /// refresh tokens. Not cancelled with the request: a password already replaced must not leave sign-ins half ended.
    /// The session whose token hash is <paramref name="exceptSessionTokenHash"/>, if any, stays.
    /// </summary>
    public async Task EndEverywhereAsync(string environmentId, string userId, string? exceptSessionTokenHash = null)
    {
        var now = clock.GetUtcNow();
        await db.Sessions
            .Where(s => s.EnvironmentId == environmentId && s.UserId == userId && s.EndedAt == null
                && (exceptSessionTokenHash == null || s.TokenHash != exceptSessionTokenHash))
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now), CancellationToken.None);

        // A new password, a disabled or deleted account: no browser keeps skipping the second factor on the old trust.
        await db.RememberedDevices.Where(d => d.EnvironmentId == environmentId && d.UserId == userId)
            .ExecuteDeleteAsync(CancellationToken.None);

        // By application, so that a subject of another environment, however it is spelled, is never touched.
        var applications = await db.Applications.AsNoTracking()
            .Where(a => a.EnvironmentId == environmentId)
            .Select(a => a.Id!)
            .ToListAsync(CancellationToken.None);
        foreach (var application in applications)
        {
            await authorizations.RevokeAsync(userId, application, Statuses.Valid, type: null, CancellationToken.None);
            await tokens.RevokeAsync(userId, application, Statuses.Valid, type: null, CancellationToken.None);
        }
    }
}
