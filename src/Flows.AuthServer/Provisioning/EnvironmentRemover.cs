using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// Deletes an environment and everything in it: its applications with their tokens and authorizations, users,
/// sessions, keys and managed flows, then the engine's flow instances, journals and published versions. Every
/// cache of every node that knows the environment forgets it (<see cref="IChangeSignal"/>), so its issuer stops
/// answering at once.
/// </summary>
public sealed class EnvironmentRemover(
    ServerDbContext db,
    IDbContextFactory<FlowsDbContext> engine,
    IChangeSignal signal)
{
    /// <summary>Deletes the environment; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string environmentId, CancellationToken cancellationToken)
    {
        // The server's rows go in one transaction: the environment disappears with all it holds, or not at all.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Set<FlowsToken>().Where(t => t.Application!.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.Set<FlowsAuthorization>().Where(a => a.Application!.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.Applications.Where(a => a.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.UserIdentityLinks.Where(l => l.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.IdentityProviders.Where(p => p.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.SentCodes.Where(c => c.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.ContactDevices.Where(d => d.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.Users.Where(u => u.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.Sessions.Where(s => s.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.LogoutDeliveries.Where(d => d.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.SigningKeys.Where(k => k.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.ManagedFlows.Where(f => f.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.OutboundSettings.Where(s => s.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.MessagingSettings.Where(s => s.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            await db.ContinueAnswers.Where(a => a.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
            var deleted = await db.Environments.Where(e => e.Id == environmentId).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0)
            {
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // Every node forgets it now, so its issuer stops answering at once.
        await signal.PublishAsync(CacheChange.Environment(environmentId));

        // The engine's tables are another context's, on its own connection: after the commit, so that SQLite's single
        // writer never waits for itself.
        await using var flows = await engine.CreateDbContextAsync(cancellationToken);
        var instances = flows.Instances.Where(i => i.EnvironmentId == environmentId).Select(i => i.Id);
        await flows.Journal.Where(e => instances.Contains(e.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        await flows.Instances.Where(i => i.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);
        await flows.Definitions.Where(r => r.EnvironmentId == environmentId).ExecuteDeleteAsync(cancellationToken);

        // Once more now that its published versions are gone: a node that read one meanwhile must not keep it.
        await signal.PublishAsync(CacheChange.Environment(environmentId));
        return true;
    }
}
