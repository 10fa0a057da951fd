using Flows.Designer.Diagram;
using Flows.Designer.Services;
using Flows.Engine.Instances;

namespace Flows.Designer.Instances;

/// <summary>Sums an instance's journal per node, and marks the node a suspended instance waits at.</summary>
public static class RunInfo
{
    public static IReadOnlyDictionary<string, NodeRunInfo> Of(IReadOnlyList<DesignerJournalStep> journal, DesignerInstanceSummary instance)
    {
        var result = journal
            .GroupBy(step => step.NodeId)
            .ToDictionary(
                steps => steps.Key,
                steps => new NodeRunInfo(
                    steps.Count(),
                    TimeSpan.FromTicks(steps.Sum(step => step.Duration.Ticks)),
                    IsWaiting: false,
                    WaitingFor: null,
                    Failed: steps.Any(step => step.Result is FlowStepResult.Failed or FlowStepResult.Faulted)));
        if (instance.Status == FlowInstanceStatus.Suspended && instance.CurrentNodeId is { } current)
        {
            var passed = result.GetValueOrDefault(current) ?? new NodeRunInfo(0, TimeSpan.Zero, false, null, false);
            result[current] = passed with { IsWaiting = true, WaitingFor = instance.WaitingFor };
        }

        return result;
    }
}
