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
        // Only the steps of the version itself: those its runs took inside sub-flows count in the sub-flows' funnels.
        var steps = await CountAsync(db.Journal
            .Where(step => runs.Select(instance => instance.Id).Contains(step.InstanceId) && step.DefinitionId == null), cancellationToken);

        // And the steps runs of other flows took in this version as a sub-flow, in the same period; each entry into it
        // (the step right after the caller's sub-flow step) is one more run, as FlowFunnelTally counts them.
        var callers = Callers(db, query);
        var called = db.Journal.Where(step => step.DefinitionId == query.DefinitionId && step.DefinitionVersion == query.Version
            && callers.Select(instance => instance.Id).Contains(step.InstanceId));
        steps.AddRange(await CountAsync(called, cancellationToken));
        var calledRuns = await called.CountAsync(step => step.Action == null && db.Journal.Any(previous =>
            previous.InstanceId == step.InstanceId && previous.Sequence == step.Sequence - 1 && previous.Result == FlowStepResult.SubFlow), cancellationToken);

        var ends = await runs
            .GroupBy(instance => new { instance.Status, instance.CurrentNodeId })
            .Select(same => new EndCount(same.Key.Status, same.Key.CurrentNodeId, same.Count()))
            .ToListAsync(cancellationToken);

        var nodeIds = steps.Select(step => step.NodeId).Concat(ends.Select(end => end.NodeId).OfType<string>()).Distinct(StringComparer.Ordinal);
        var nodes = nodeIds.ToDictionary(nodeId => nodeId, nodeId => NodeOf(nodeId, steps, ends), StringComparer.Ordinal);
        return new FlowFunnel(ends.Sum(end => end.Count) + calledRuns, nodes);
    }

    private static Task<List<StepCount>> CountAsync(IQueryable<FlowJournalEntry> steps, CancellationToken cancellationToken) => steps
        .GroupBy(step => new { step.NodeId, step.Result, step.Outcome, Entry = step.Action == null })
        .Select(same => new StepCount(same.Key.NodeId, same.Key.Result, same.Key.Outcome, same.Key.Entry, same.Count()))
        .ToListAsync(cancellationToken);

    /// <summary>The runs of the environment's other flows in the period, which may have run this version as a sub-flow.</summary>
    private static IQueryable<FlowInstance> Callers(FlowsDbContext db, FlowFunnelQuery query)
    {
        var runs = db.Instances.Where(instance => instance.EnvironmentId == query.EnvironmentId
            && instance.DefinitionId != query.DefinitionId
            && instance.CreatedAt < query.To);
        return query.From is { } from ? runs.Where(instance => instance.CreatedAt >= from) : runs;
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
