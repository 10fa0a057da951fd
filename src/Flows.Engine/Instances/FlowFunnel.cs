namespace Flows.Engine.Instances;

/// <summary>Which runs a funnel counts: those of one definition version created in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record FlowFunnelQuery(string EnvironmentId, string DefinitionId, int Version, DateTimeOffset? From, DateTimeOffset To);

/// <summary>How the runs of a definition version went through its nodes, counted from their journals.</summary>
public sealed record FlowFunnel(int Runs, IReadOnlyDictionary<string, FlowFunnelNode> Nodes)
{
    public FlowFunnelNode Of(string nodeId) => Nodes.TryGetValue(nodeId, out var node) ? node : FlowFunnelNode.Empty;

    /// <summary>The funnel of both periods' runs together.</summary>
    public FlowFunnel Plus(FlowFunnel other) => new(
        Runs + other.Runs,
        Nodes.Keys.Union(other.Nodes.Keys, StringComparer.Ordinal)
            .ToDictionary(nodeId => nodeId, nodeId => Of(nodeId).Plus(other.Of(nodeId)), StringComparer.Ordinal));
}

/// <summary>
/// One node of a funnel: how often runs entered it, and how they left — by each outcome, completing the flow, failing
/// there — or stayed: abandoned there (expired), cancelled there, or still waiting there.
/// </summary>
public sealed record FlowFunnelNode(
    int Entered,
    IReadOnlyDictionary<string, int> Outcomes,
    int Completed,
    int Failed,
    int Abandoned,
    int Cancelled,
    int Waiting)
{
    public static readonly FlowFunnelNode Empty = new(0, new Dictionary<string, int>(), 0, 0, 0, 0, 0);

    public FlowFunnelNode Plus(FlowFunnelNode other) => new(
        Entered + other.Entered,
        Outcomes.Keys.Union(other.Outcomes.Keys, StringComparer.Ordinal).ToDictionary(
            outcome => outcome, outcome => Outcomes.GetValueOrDefault(outcome) + other.Outcomes.GetValueOrDefault(outcome), StringComparer.Ordinal),
        Completed + other.Completed,
        Failed + other.Failed,
        Abandoned + other.Abandoned,
        Cancelled + other.Cancelled,
        Waiting + other.Waiting);
}

/// <summary>Counts the funnel of a definition version: from the counts kept as runs are written, and their journals.</summary>
public interface IFlowFunnelReader
{
    Task<FlowFunnel> ReadAsync(FlowFunnelQuery query, CancellationToken cancellationToken);
}
