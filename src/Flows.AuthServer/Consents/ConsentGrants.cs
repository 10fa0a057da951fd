using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Consents;

/// <summary>The flows' view of the consents users gave: whether a sign-in may skip its consent page.</summary>
public sealed class ConsentGrants(ServerDbContext db, ConsentService consents) : IConsentGrants
{
    public async Task<bool> CoversAsync(
        string environmentId, string clientId, string userId, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken) =>
        await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.EnvironmentId == environmentId && a.ClientId == clientId, cancellationToken)
            is { } application
        && await consents.FindCoveringAsync(application, userId, scopes, cancellationToken) is not null;
}
