using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// Every rule of the flow instances an operator sees, for <c>/v1</c> and the designer's console alike: an
/// environment's instances, one of them with its journal, and cancelling one that still runs or waits — only while
/// it is as its ETag says it was seen, and logged by the actor's name under <see cref="AuditActions.FlowInstanceCancelled"/>.
/// An instance of another environment does not exist here.
/// </summary>
public sealed class FlowInstanceService(
    EnvironmentCatalog catalog,
    IFlowInstanceStore instances,
    IFlowDefinitionStore definitions,
    FlowRunner runner,
    ServerDbContext db,
    AuditLog audit)
{
    /// <summary>One page of the environment's instances, newest first, as <paramref name="query"/> filters them.</summary>
    public async Task<ServiceResult<FlowInstancePage>> ListAsync(FlowInstanceQuery query, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(query.EnvironmentId!, cancellationToken) is null)
        {
            return MissingEnvironment(query.EnvironmentId!);
        }

        try
        {
            return ServiceResult<FlowInstancePage>.Ok(await instances.ListAsync(query, cancellationToken));
        }
        catch (ArgumentException)
        {
            // The engine refuses a cursor it cannot decode; it is the only argument it checks.
            return ServiceError.Invalid(PageRequest.AfterParameter, PageRequest.InvalidCursor);
        }
    }

    /// <summary>The instance with its journal, as <c>GET …/flowInstances/{id}</c> shows it (its ETag is what a cancel sends back).</summary>
    public async Task<ServiceResult<FlowInstanceDetailResource>> GetAsync(string environmentId, string instanceId, CancellationToken cancellationToken)
    {
        var (instance, missing) = await FindAsync(environmentId, instanceId, cancellationToken);
        return missing ?? ServiceResult<FlowInstanceDetailResource>.Ok(await DetailAsync(instance!, cancellationToken));
    }

    /// <summary>The ETag of the instance as <c>/v1</c> shows it.</summary>
    public async Task<string> ETagOfAsync(FlowInstance instance, CancellationToken cancellationToken) =>
        ManagementETags.Of(await DetailAsync(instance, cancellationToken));

    /// <summary>
    /// Ends a running or suspended instance: its sign-in can no longer continue. Refused when
    /// <paramref name="ifMatch"/> names an older ETag, and when the instance changes while it is being cancelled.
    /// </summary>
    public async Task<ServiceResult<FlowInstanceDetailResource>> CancelAsync(
        string environmentId, string instanceId, string? ifMatch, AuditActor actor, CancellationToken cancellationToken)
    {
        var (instance, missing) = await FindAsync(environmentId, instanceId, cancellationToken);
        if (missing is not null)
        {
            return missing;
        }

        if (!ManagementETags.Matches(ifMatch, ManagementETags.Of(await DetailAsync(instance!, cancellationToken))))
        {
            return ServiceError.Stale();
        }

        if (instance!.IsTerminal)
        {
            return AlreadyEnded(instance);
        }

        FlowInstance cancelled;
        try
        {
            // Only the revision checked above is cancelled: whatever changed the instance since wins. The engine's tables
            // are not the audit log's, so the two cannot share a transaction: from here on nothing is cut short, and a
            // cancel that happened always reaches its entry.
            cancelled = await runner.CancelAsync(instanceId, instance.Revision, CancellationToken.None);
        }
        catch (FlowConflictException)
        {
            return string.IsNullOrEmpty(ifMatch)
                ? ServiceError.InConflict("The flow instance changed while it was being cancelled; read it again and retry.")
                : ServiceError.Stale();
        }
        catch (FlowNotResumableException)
        {
            return AlreadyEnded(instance);
        }

        await audit.RecordAsync(db, actor, environmentId, AuditActions.FlowInstanceCancelled, StatusCodes.Status200OK);
        return ServiceResult<FlowInstanceDetailResource>.Ok(await DetailAsync(cancelled, CancellationToken.None));
    }

    /// <summary>The instance, if it belongs to the environment; or why there is none.</summary>
    private async Task<(FlowInstance? Instance, ServiceError? Missing)> FindAsync(
        string environmentId, string instanceId, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(environmentId, cancellationToken) is null)
        {
            return (null, MissingEnvironment(environmentId));
        }

        return await instances.FindAsync(instanceId, cancellationToken) is { } instance && instance.EnvironmentId == environmentId
            ? (instance, null)
            : (null, ServiceError.Missing($"Flow instance '{instanceId}' in environment '{environmentId}'"));
    }

    private async Task<FlowInstanceDetailResource> DetailAsync(FlowInstance instance, CancellationToken cancellationToken)
    {
        var journal = await instances.GetJournalAsync(instance.Id, cancellationToken);
        var activityType = FlowInstanceDetailResource.CurrentActivityType(instance, journal);
        if (activityType is null && instance.CurrentNodeId is { } nodeId)
        {
            // Nothing journaled at the current node yet: the definition the instance runs on names its activity.
            var definition = await definitions.FindAsync(instance.EnvironmentId, instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
            activityType = definition?.FindNode(nodeId)?.Type;
        }

        return FlowInstanceDetailResource.Of(instance, journal, activityType);
    }

    private static ServiceError MissingEnvironment(string environmentId) => ServiceError.Missing($"Environment '{environmentId}'");

    private static ServiceError AlreadyEnded(FlowInstance instance) => ServiceError.InConflict(
        $"The flow instance has ended ({FlowInstanceStatuses.Name(instance.Status)}); only a running or suspended one can be cancelled.");
}
