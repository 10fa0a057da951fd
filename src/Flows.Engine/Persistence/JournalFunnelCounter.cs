using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>
/// The funnel of the runs created in a short period counted from their journals, in two grouped queries the database
/// answers from indexes alone: the journal steps of the version's runs by node, result and outcome, and the runs by
/// status and the node they are at. A step that started a node (no action) is an entry; a resume at the same node (a
/// wrong password, say) is not a second one. <see cref="FlowFunnelTally"/> counts the same way as the steps are written.
/// </summary>
internal static class JournalFunnelCounter
{
    public static async Task<FlowFunnel> CountAsync(FlowsDbContext db, FlowFunnelQuery query, CancellationToken cancellationToken)
    {
        var runs = Runs(db, query);

        // IN (subquery) rather than a join: the database sorts the run ids first, so the journal index is walked in order.
        var steps = await db.Journal
            .Where(step => runs.Select(instance => instance.Id).Contains(step.InstanceId))
            .GroupBy(step => new { step.NodeId, step.Result, step.Outcome, Entry = step.Action == null })
            .Select(same => new StepCount(same.Key.NodeId, same.Key.Result, same.Key.Outcome, same.Key.Entry, same.Count()))
            .ToListAsync(cancellationToken);
        var ends = await runs
            .GroupBy(instance => new { instance.Status, instance.CurrentNodeId })
            .Select(same => new EndCount(same.Key.Status, same.Key.CurrentNodeId, same.Count()))
            .ToListAsync(cancellationToken);

        var nodeIds = steps.Select(step => step.NodeId).Concat(ends.Select(end => end.NodeId).OfType<string>()).Distinct(StringComparer.Ordinal);
        var nodes = nodeIds.ToDictionary(nodeId => nodeId, nodeId => NodeOf(nodeId, steps, ends), StringComparer.Ordinal);
        return new FlowFunnel(ends.Sum(end => end.Count), nodes);
    }

    private static IQueryable<FlowInstance> Runs(FlowsDbContext db, FlowFunnelQuery query)
    {
        var runs = db.Instances.Where(instance => instance.EnvironmentId == query.EnvironmentId
            && instance.DefinitionId == query.DefinitionId
            && instance.DefinitionVersion == query.Version
            && instance.CreatedAt < query.To);
        return query.From is { } from ? runs.Where(instance => instance.CreatedAt >= from) : runs;
    }

    private static FlowFunnelNode NodeOf(string nodeId, List<StepCount> steps, List<EndCount> ends)
    {
        var here = steps.Where(step => step.NodeId == nodeId).ToList();
        int Ended(FlowInstanceStatus status) => ends.Where(end => end.NodeId == nodeId && end.Status == status).Sum(end => end.Count);
        return new FlowFunnelNode(
            Entered: here.Where(step => step.Entry).Sum(step => step.Count),
            Outcomes: here.Where(step => step is { Result: FlowStepResult.Outcome, Outcome: not null })
                .GroupBy(step => step.Outcome!, StringComparer.Ordinal)
                .ToDictionary(same => same.Key, same => same.Sum(step => step.Count), StringComparer.Ordinal),
            Completed: here.Where(step => step.Result == FlowStepResult.Completed).Sum(step => step.Count),
            Failed: here.Where(step => step.Result is FlowStepResult.Failed or FlowStepResult.Faulted).Sum(step => step.Count),
            Abandoned: Ended(FlowInstanceStatus.Expired),
            Cancelled: Ended(FlowInstanceStatus.Cancelled),
            Waiting: Ended(FlowInstanceStatus.Suspended) + Ended(FlowInstanceStatus.Running));
    }

    private sealed record StepCount(string NodeId, FlowStepResult Result, string? Outcome, bool Entry, int Count);

    private sealed record EndCount(FlowInstanceStatus Status, string? NodeId, int Count);
}
