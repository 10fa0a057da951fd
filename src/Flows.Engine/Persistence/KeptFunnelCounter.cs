using Flows.Engine.Instances;
using Microsoft.EntityFrameworkCore;

namespace Flows.Engine.Persistence;

/// <summary>The funnel of the runs created in whole hours, summed from the kept counts in one grouped query over a range of their key.</summary>
internal static class KeptFunnelCounter
{
    public static async Task<FlowFunnel> CountAsync(FlowsDbContext db, FlowFunnelQuery query, long firstHour, long endHour, CancellationToken cancellationToken)
    {
        var counts = await db.FunnelCounts.AsNoTracking()
            .Where(count => count.EnvironmentId == query.EnvironmentId
                && count.DefinitionId == query.DefinitionId
                && count.DefinitionVersion == query.Version
                && count.Hour >= firstHour
                && count.Hour < endHour)
            .GroupBy(count => new { count.NodeId, count.Kind, count.Outcome })
            .Select(same => new Summed(same.Key.NodeId, same.Key.Kind, same.Key.Outcome, same.Sum(count => count.Count)))
            .ToListAsync(cancellationToken);

        var nodes = counts.Where(count => count.NodeId.Length > 0)
            .GroupBy(count => count.NodeId, StringComparer.Ordinal)
            .ToDictionary(same => same.Key, same => NodeOf(same.ToList()), StringComparer.Ordinal);
        var runs = counts.Where(count => FlowFunnelCountKinds.IsPosition(count.Kind) || count.Kind == FlowFunnelCountKinds.CalledRun)
            .Sum(count => count.Count);
        return new FlowFunnel((int)runs, nodes);
    }

    private static FlowFunnelNode NodeOf(List<Summed> here)
    {
        int Of(string kind) => (int)here.Where(count => count.Kind == kind).Sum(count => count.Count);
        int At(FlowInstanceStatus status) => Of(FlowFunnelCountKinds.AtStatus(status));
        return new FlowFunnelNode(
            Entered: Of(FlowFunnelCountKinds.Entered),
            Outcomes: here.Where(count => count.Kind == FlowFunnelCountKinds.Outcome && count.Count != 0)
                .ToDictionary(count => count.Outcome, count => (int)count.Count, StringComparer.Ordinal),
            Completed: Of(FlowFunnelCountKinds.Completed),
            Failed: Of(FlowFunnelCountKinds.Failed),
            Abandoned: At(FlowInstanceStatus.Expired),
            Cancelled: At(FlowInstanceStatus.Cancelled),
            Waiting: At(FlowInstanceStatus.Suspended) + At(FlowInstanceStatus.Running));
    }

    private sealed record Summed(string NodeId, string Kind, string Outcome, long Count);
}
