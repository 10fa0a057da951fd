using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Validation;

namespace Flows.Designer.Diagram;

/// <summary>A node of the canvas: one activity of the flow, an input port, and an output port per outcome.</summary>
public sealed class ActivityNodeModel : NodeModel
{
    public ActivityNodeModel(FlowNode node, ActivityDescriptor? descriptor, IEnumerable<string> extraOutcomes)
        // The diagram's own id stays generated: a rebuilt diagram must not reuse the ids of the elements it replaced.
        : base(new Point(node.Position?.X ?? 0, node.Position?.Y ?? 0))
    {
        FlowNodeId = node.Id;
        Descriptor = descriptor;
        Label = node.Name ?? descriptor?.DisplayName ?? node.Type;
        ActivityType = node.Type;
        Input = AddPort(new PortModel(this, PortAlignment.Left));
        // An outcome a bool setting turns on (OnlyWhen) has a port only while it is on: the validator asks no edge for it otherwise.
        var outcomes = (descriptor?.OutcomesOf(node) ?? []).Concat(extraOutcomes).Distinct();
        foreach (var outcome in outcomes)
        {
            OutcomePorts.Add((OutcomePortModel)AddPort(new OutcomePortModel(this, outcome)));
        }
    }

    public string FlowNodeId { get; }

    public string ActivityType { get; }

    public ActivityDescriptor? Descriptor { get; }

    public string Label { get; set; }

    public PortModel Input { get; }

    public List<OutcomePortModel> OutcomePorts { get; } = [];

    public bool IsStart { get; set; }

    public IReadOnlyList<FlowValidationProblem> Problems { get; set; } = [];

    /// <summary>What an instance did here, for the inspector; null in the editor.</summary>
    public NodeRunInfo? Run { get; set; }

    /// <summary>What a dry run's last step here did (e.g. <c>→ success</c>), shown instead of the run's counts; null elsewhere.</summary>
    public string? DryRunNote { get; set; }

    /// <summary>How the runs of a period went through this node, for the funnel view; null elsewhere.</summary>
    public FlowFunnelNode? Funnel { get; set; }

    public OutcomePortModel? FindOutcomePort(string outcome) => OutcomePorts.Find(port => port.Outcome == outcome);
}

/// <summary>An output port: following it means the activity ended with this outcome.</summary>
public sealed class OutcomePortModel(NodeModel parent, string outcome) : PortModel(parent, PortAlignment.Right)
{
    public string Outcome { get; } = outcome;
}

/// <summary>How an instance passed a node: how often, for how long in total, and whether it waits there now.</summary>
public sealed record NodeRunInfo(int Steps, TimeSpan Duration, bool IsWaiting, string? WaitingFor, bool Failed);
