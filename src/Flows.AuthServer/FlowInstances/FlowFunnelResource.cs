using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// <c>GET …/flows/{flowId}/funnel</c>: how the runs of one version created in [from, to) went through its graph — per node
/// how often runs entered it and how they left or stayed, per edge how many runs followed it.
/// </summary>
public sealed record FlowFunnelResource(
    string FlowId,
    int Version,
    DateTimeOffset? From,
    DateTimeOffset To,
    int Runs,
    IReadOnlyList<FlowFunnelNodeResource> Nodes,
    IReadOnlyList<FlowFunnelEdgeResource> Edges)
{
    /// <summary>The funnel over the version's graph: every node and edge of it, those no run reached with zeros.</summary>
    public static FlowFunnelResource Of(FlowDefinition definition, FlowFunnelQuery query, FlowFunnel funnel) => new(
        definition.Id,
        query.Version,
        query.From,
        query.To,
        funnel.Runs,
        definition.Nodes.Select(node => FlowFunnelNodeResource.Of(node, funnel.Of(node.Id))).ToList(),
        definition.Edges.Select(edge => new FlowFunnelEdgeResource(
            edge.From, edge.Outcome, edge.To, funnel.Of(edge.From).Outcomes.GetValueOrDefault(edge.Outcome))).ToList());
}

/// <summary>One node of the funnel: entries, then each way out (outcomes, completed, failed) and each way of staying.</summary>
public sealed record FlowFunnelNodeResource(
    string NodeId,
    string Type,
    string? Name,
    int Entered,
    IReadOnlyDictionary<string, int> Outcomes,
    int Completed,
    int Failed,
    int Abandoned,
    int Cancelled,
    int Waiting)
{
    public static FlowFunnelNodeResource Of(FlowNode node, FlowFunnelNode counts) => new(
        node.Id, node.Type, node.Name, counts.Entered, counts.Outcomes, counts.Completed, counts.Failed, counts.Abandoned, counts.Cancelled,
        counts.Waiting);
}

/// <summary>One edge of the funnel and the runs that followed it.</summary>
public sealed record FlowFunnelEdgeResource(string From, string Outcome, string To, int Runs);
