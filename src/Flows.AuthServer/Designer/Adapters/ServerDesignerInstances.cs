using Flows.AuthServer.FlowInstances;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// The operator console's instances, read from the engine's instance store; cancelling is the
/// <see cref="FlowInstanceService"/>'s, ETag-guarded and audited as <c>/v1</c>'s cancel is.
/// </summary>
public sealed class ServerDesignerInstances(IServiceScopeFactory scopes, TimeProvider clock, DesignerActor actors) : IDesignerInstances
{
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
        var etag = await scope.ServiceProvider.GetRequiredService<FlowInstanceService>().ETagOfAsync(instance, cancellationToken);
        return new DesignerInstanceDetail(
            Summarize(instance),
            journal.Select(step => new DesignerJournalStep(
                step.Sequence, step.NodeId, step.ActivityType, step.Action, step.Result, step.Outcome, step.ErrorCode,
                step.StartedAt, TimeSpan.FromMicroseconds(step.DurationMicroseconds))).ToList(),
            definition,
            instance.Error?.Code) { ETag = etag };
    }

    public async Task<string?> CancelAsync(string environmentId, string instanceId, string? etag = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Post, $"/instances/{Uri.EscapeDataString(instanceId)}");
        var cancelled = await scope.ServiceProvider.GetRequiredService<FlowInstanceService>()
            .CancelAsync(environmentId, instanceId, etag, actor, cancellationToken);
        return cancelled.Error is { } error ? DesignerMessages.Of(error) : null;
    }

    private static DesignerInstanceSummary Summarize(FlowInstance instance) => new(
        instance.Id, instance.EnvironmentId, instance.ApplicationId, instance.DefinitionId, instance.DefinitionVersion,
        instance.Status, instance.CurrentNodeId, instance.Prompt?.Status, instance.UserId,
        instance.CreatedAt, instance.UpdatedAt, instance.ExpiresAt);
}
