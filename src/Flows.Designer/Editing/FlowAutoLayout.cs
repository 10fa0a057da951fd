using Flows.Engine.Definitions;

namespace Flows.Designer.Editing;

/// <summary>
/// Places nodes in layers from left to right: the start node first, each node one layer right of the
/// earliest node that leads to it (breadth-first), nodes the start cannot reach in a last layer.
/// </summary>
public static class FlowAutoLayout
{
    public const double LayerWidth = 300;
    public const double RowHeight = 150;
    public const double Margin = 40;

    public static bool NeedsLayout(FlowDefinition definition) => definition.Nodes.Any(node => node.Position is null);

    public static void Apply(FlowDefinition definition)
    {
        var layers = Layers(definition);
        foreach (var (layer, ids) in layers.Select((ids, index) => (index, ids)))
        {
            for (var row = 0; row < ids.Count; row++)
            {
                definition.FindNode(ids[row])!.Position = new NodePosition(Margin + layer * LayerWidth, Margin + row * RowHeight);
            }
        }
    }

    /// <summary>Node ids by layer, in the order the layout places them.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Layers(FlowDefinition definition)
    {
        var known = definition.Nodes.Select(node => node.Id).ToHashSet(StringComparer.Ordinal);
        var layerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        if (known.Contains(definition.Start))
        {
            layerOf[definition.Start] = 0;
            queue.Enqueue(definition.Start);
        }

        while (queue.TryDequeue(out var id))
        {
            foreach (var edge in definition.Edges.Where(edge => edge.From == id && known.Contains(edge.To)))
            {
                if (layerOf.TryAdd(edge.To, layerOf[id] + 1))
                {
                    queue.Enqueue(edge.To);
                }
            }
        }

        var layers = new List<List<string>>();
        foreach (var (id, layer) in layerOf)
        {
            while (layers.Count <= layer)
            {
                layers.Add([]);
            }

            layers[layer].Add(id);
        }

        var unreachable = definition.Nodes.Select(node => node.Id).Where(id => !layerOf.ContainsKey(id)).Distinct().ToList();
        if (unreachable.Count > 0)
        {
            layers.Add(unreachable);
        }

        return layers;
    }
}
