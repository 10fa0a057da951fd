using System.Text.Json;
using Flows.Engine.Definitions;

namespace Flows.Designer.Editing;

/// <summary>
/// What Ctrl+C took from a flow: copies of the selected nodes and of the edges between them (an edge to a node that was
/// not copied would dangle once pasted, so it stays behind). One clipboard per designer circuit, so a selection copied in
/// one flow pastes into another.
/// </summary>
public sealed class FlowClipboard
{
    public FlowFragment? Content { get; private set; }

    /// <summary>Copies the nodes named by <paramref name="nodeIds"/>; false (and the clipboard unchanged) when none exists.</summary>
    public bool Copy(FlowDefinition definition, IEnumerable<string> nodeIds)
    {
        var ids = nodeIds.ToHashSet(StringComparer.Ordinal);
        var nodes = definition.Nodes.Where(node => ids.Contains(node.Id)).Select(Clone).ToList();
        if (nodes.Count == 0)
        {
            return false;
        }

        var edges = definition.Edges.Where(edge => ids.Contains(edge.From) && ids.Contains(edge.To)).ToList();
        Content = new FlowFragment(nodes, edges);
        return true;
    }

    private static FlowNode Clone(FlowNode node) => new()
    {
        Id = node.Id,
        Type = node.Type,
        Name = node.Name,
        Properties = node.Properties.ToDictionary(property => property.Key, property => property.Value.Clone()),
        Position = node.Position,
        Extensions = node.Extensions?.ToDictionary(extension => extension.Key, extension => extension.Value.Clone()),
    };
}

/// <summary>Nodes and the edges among them, as copied; ids are the originals' until pasted.</summary>
public sealed record FlowFragment(IReadOnlyList<FlowNode> Nodes, IReadOnlyList<FlowEdge> Edges);
