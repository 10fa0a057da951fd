using Flows.Designer;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>The operator console's instances, from the engine's instance store; cancelling goes through the runner and is audited.</summary>
public sealed class ServerDesignerInstances(IServiceScopeFactory scopes, TimeProvider clock, DesignerAudit audit) : IDesignerInstances
{
    /// <summary>As <c>/v1</c> logs a cancelled instance.</summary>
    private const string InstanceCancelled = "flowInstance.cancelled";

    public async Task<DesignerInstancePage> ListAsync(DesignerInstanceFilter filter, string? cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>().ListAsync(new FlowInstanceQuery
        {
            EnvironmentId = filter.EnvironmentId,
            ApplicationId = filter.ApplicationId,
            Status = filter.Status,
            UserId = filter.UserId,
            CreatedAfter = filter.MaxAge is { } age ? clock.GetUtcNow() - age : null,
            PageSize = pageSize,
            After = cursor,
        }, cancellationToken);
        return new DesignerInstancePage(page.Items.Select(Summarize).ToList(), page.Next);
    }

    public async Task<DesignerInstanceDetail?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IFlowInstanceStore>();
        if (await store.FindAsync(instanceId, cancellationToken) is not { } instance)
        {
            return null;
        }

        var journal = await store.GetJournalAsync(instanceId, cancellationToken);
        var definition = await scope.ServiceProvider.GetRequiredService<IFlowDefinitionStore>()
            .FindAsync(instance.EnvironmentId, instance.DefinitionId, instance.DefinitionVersion, cancellationToken);
        return new DesignerInstanceDetail(
            Summarize(instance),
            journal.Select(step => new DesignerJournalStep(
                step.Sequence, step.NodeId, step.ActivityType, step.Action, step.Result, step.Outcome, step.ErrorCode,
                step.StartedAt, TimeSpan.FromMicroseconds(step.DurationMicroseconds))).ToList(),
            definition,
            instance.Error?.Code);
    }

    public async Task<bool> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        FlowInstance cancelled;
        try
        {
            // The engine's tables are not the audit log's, so the two cannot share a transaction: neither write takes
            // the circuit's token, so a cancel that has begun always reaches its audit entry.
            cancelled = await scope.ServiceProvider.GetRequiredService<FlowRunner>().CancelAsync(instanceId, cancellationToken: CancellationToken.None);
        }
        catch (Exception exception) when (exception is FlowNotFoundException or FlowNotResumableException or FlowConflictException)
        {
            return false;
        }

        await audit.RecordAsync(cancelled.EnvironmentId, InstanceCancelled, HttpMethods.Post,
            $"{FlowsDesigner.BasePath}/instances/{Uri.EscapeDataString(instanceId)}");
        return true;
    }

    private static DesignerInstanceSummary Summarize(FlowInstance instance) => new(
        instance.Id, instance.EnvironmentId, instance.ApplicationId, instance.DefinitionId, instance.DefinitionVersion,
        instance.Status, instance.CurrentNodeId, instance.Prompt?.Status, instance.UserId,
        instance.CreatedAt, instance.UpdatedAt, instance.ExpiresAt);
}
