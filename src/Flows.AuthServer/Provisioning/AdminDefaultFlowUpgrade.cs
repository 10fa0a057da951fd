using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Invalidation;
using Flows.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// Moves an installation made before the admin environment required a second factor to the shipped
/// <see cref="EnvironmentBootstrapper.AdminDefaultFlow"/>, at start-up: only while the admin environment's default
/// is still the password-only flow start-up created, with no version but the shipped one. An administrator's own
/// choice (another default flow, or a version of their own of that one) is left as it is.
/// </summary>
public sealed class AdminDefaultFlowUpgrade(
    ServerDbContext db,
    IDbContextFactory<FlowsDbContext> flows,
    ShippedFlows shippedFlows,
    IChangeSignal signal,
    ILogger<AdminDefaultFlowUpgrade> logger)
{
    private const string Admin = AdminEnvironment.Id;
    private const string Former = EnvironmentBootstrapper.FormerAdminDefaultFlow;
    private const string Current = EnvironmentBootstrapper.AdminDefaultFlow;

    /// <summary>True when it changed the admin environment's default flow.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        if (!await db.Environments.AsNoTracking().AnyAsync(e => e.Id == Admin && e.DefaultFlowId == Former, cancellationToken)
            || !await IsAsShippedAsync(cancellationToken))
        {
            return false;
        }

        await shippedFlows.PublishIfMissingAsync(Admin, Current, cancellationToken);

        // Conditional, so that of several nodes starting at once one changes it, and a change an administrator
        // made meanwhile stays.
        var changed = await db.Environments
            .Where(e => e.Id == Admin && e.DefaultFlowId == Former)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.DefaultFlowId, Current), cancellationToken);
        await signal.PublishAsync(CacheChange.Environment(Admin));
        if (changed == 1)
        {
            logger.LogWarning(
                "The '{EnvironmentId}' environment's default flow is now '{Flow}' instead of '{FormerFlow}': administrators enroll an authenticator at their next sign-in.",
                Admin, Current, Former);
        }

        return changed == 1;
    }

    /// <summary>Whether the former default has only the version start-up published: no administrator published their own.</summary>
    private async Task<bool> IsAsShippedAsync(CancellationToken cancellationToken)
    {
        await using var context = await flows.CreateDbContextAsync(cancellationToken);
        var notes = await context.Definitions.AsNoTracking()
            .Where(d => d.EnvironmentId == Admin && d.DefinitionId == Former)
            .Select(d => d.Note)
            .ToListAsync(cancellationToken);
        return notes is [ShippedFlows.PublishNote];
    }
}
