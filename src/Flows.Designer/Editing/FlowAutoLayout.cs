using Flows.Engine.Definitions;

namespace Flows.Designer.Editing;

/// <summary>
/// Places nodes in layers from left to right: the start node first, each node one layer right of the
/// farthest node that leads to it (longest path, edges that close a cycle ignored), so every forward edge
/// points right and end nodes such as Deny sit after everything that feeds them; nodes the start cannot
/// reach go to a last layer.
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
        var known = definition.Nodes.Select(node => node.Id).Distinct(StringComparer.Ordinal).ToList();
        var successors = known.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in definition.Edges.Where(edge => successors.ContainsKey(edge.From) && successors.ContainsKey(edge.To)))
        {
            successors[edge.From].Add(edge.To);
        }

        var order = ForwardOrder(definition.Start, successors, out var backEdges);
        var layerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var predecessors = known.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var id in order)
        {
            layerOf.TryAdd(id, 0);
            foreach (var next in successors[id].Where(next => !backEdges.Contains((id, next))))
            {
                layerOf[next] = Math.Max(layerOf.GetValueOrDefault(next), layerOf[id] + 1);
                predecessors[next].Add(id);
            }
        }

        var layers = new List<List<string>>();
        foreach (var id in order)
        {
            while (layers.Count <= layerOf[id])
            {
                layers.Add([]);
            }

            layers[layerOf[id]].Add(id);
        }

        OrderRows(layers, predecessors, DiscoveryOrder(definition.Start, successors));
        var unreachable = known.Where(id => !layerOf.ContainsKey(id)).ToList();
        if (unreachable.Count > 0)
        {
            layers.Add(unreachable);
        }

        return layers;
    }

    /// <summary>
    /// The nodes the start reaches, each after every node that leads to it along a forward edge (a topological
    /// order); edges back to a node still being explored close a cycle and are reported as back edges.
    /// </summary>
    private static List<string> ForwardOrder(string start, Dictionary<string, List<string>> successors, out HashSet<(string, string)> backEdges)
    {
        backEdges = [];
        var finished = new List<string>();
        if (!successors.ContainsKey(start))
        {
            return finished;
        }

        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<(string Id, int Next)>();
        stack.Push((start, 0));
        onPath.Add(start);
        while (stack.TryPop(out var frame))
        {
            var outgoing = successors[frame.Id];
            if (frame.Next == outgoing.Count)
            {
                onPath.Remove(frame.Id);
                finished.Add(frame.Id);
                continue;
            }

            stack.Push((frame.Id, frame.Next + 1));
            var next = outgoing[frame.Next];
            if (onPath.Contains(next))
            {
                backEdges.Add((frame.Id, next));
            }
            else if (visited.Add(next))
            {
                onPath.Add(next);
                stack.Push((next, 0));
            }
        }

        // Reverse post-order: every node comes after all of its forward predecessors.
        finished.Reverse();
        return finished;
    }

    /// <summary>
    /// Orders each layer by the average row of the nodes leading to it, so edges cross as little as a single
    /// sweep allows; ties keep breadth-first order (the order of the outcomes in the definition), so the layout is stable.
    /// </summary>
    private static void OrderRows(List<List<string>> layers, Dictionary<string, List<string>> predecessors, Dictionary<string, int> discovered)
    {
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var ordered = layer
                .Select(id => (Id: id, Index: discovered[id], Key: predecessors[id].Where(rowOf.ContainsKey).Select(p => (double)rowOf[p]).DefaultIfEmpty(0).Average()))
                .OrderBy(entry => entry.Key)
                .ThenBy(entry => entry.Index)
                .Select(entry => entry.Id)
                .ToList();
            layer.Clear();
            layer.AddRange(ordered);
            for (var row = 0; row < layer.Count; row++)
            {
                rowOf[layer[row]] = row;
            }
        }
    }

    /// <summary>When a breadth-first walk from the start, following outcomes in definition order, first reaches each node.</summary>
    private static Dictionary<string, int> DiscoveryOrder(string start, Dictionary<string, List<string>> successors)
    {
        var discovered = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        if (successors.ContainsKey(start))
        {
            discovered[start] = 0;
            queue.Enqueue(start);
        }

        while (queue.TryDequeue(out var id))
        {
            foreach (var next in successors[id].Where(next => discovered.TryAdd(next, discovered.Count)))
            {
                queue.Enqueue(next);
            }
        }

        return discovered;
    }
}
