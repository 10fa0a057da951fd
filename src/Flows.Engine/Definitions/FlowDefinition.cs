using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flows.Engine.Definitions;

/// <summary>A flow graph as administrators draw it: nodes are activities, edges are their outcomes.</summary>
public sealed class FlowDefinition
{
    public required string Id { get; set; }

    /// <summary>0 for a draft; the store assigns 1, 2, … on publish, and published versions never change.</summary>
    public int Version { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Id of the node that runs first.</summary>
    public required string Start { get; set; }

    public List<FlowNode> Nodes { get; set; } = [];

    public List<FlowEdge> Edges { get; set; } = [];

    /// <summary>Fields this version does not know, kept so a load and save loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }

    public FlowNode? FindNode(string nodeId) => Nodes.Find(node => node.Id == nodeId);

    /// <summary>The node an outcome of a node leads to, or null when no edge leaves it.</summary>
    public string? FindNext(string nodeId, string outcome) =>
        Edges.Find(edge => edge.From == nodeId && edge.Outcome == outcome)?.To;
}
