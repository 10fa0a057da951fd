using Flows.Engine.Definitions;

namespace Flows.Engine.Validation;

/// <summary>The edges of a definition as an adjacency list, for reachability and loop detection.</summary>
internal sealed class FlowGraph
{
    private readonly Dictionary<string, List<string>> _next;

    public FlowGraph(FlowDefinition definition, IEnumerable<string> nodeIds)
    {
        _next = nodeIds.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in definition.Edges.Where(e => _next.ContainsKey(e.From) && _next.ContainsKey(e.To)))
        {
            _next[edge.From].Add(edge.To);
        }
    }

    public HashSet<string> ReachableFrom(string start)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { start };
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var id))
        {
            foreach (var next in _next[id].Where(reached.Add))
            {
                pending.Push(next);
            }
        }

        return reached;
    }

    /// <summary>
    /// The strongly connected components that contain a cycle (Tarjan's algorithm, iterative so a large
    /// graph cannot overflow the stack), each in discovery order.
    /// </summary>
    public IEnumerable<List<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();

        foreach (var root in _next.Keys.Where(id => !index.ContainsKey(id)))
        {
            var work = new Stack<(string Id, int Edge)>([(root, 0)]);
            while (work.TryPop(out var frame))
            {
                var (id, edge) = frame;
                if (edge == 0)
                {
                    index[id] = low[id] = index.Count;
                    stack.Push(id);
                    onStack.Add(id);
                }

                if (edge < _next[id].Count)
                {
                    work.Push((id, edge + 1));
                    var next = _next[id][edge];
                    if (!index.ContainsKey(next))
                    {
                        work.Push((next, 0));
                    }
                    else if (onStack.Contains(next))
                    {
                        low[id] = Math.Min(low[id], index[next]);
                    }

                    continue;
                }

                if (work.TryPeek(out var parent))
                {
                    low[parent.Id] = Math.Min(low[parent.Id], low[id]);
                }

                if (low[id] == index[id])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != id);

                    component.Reverse();
                    if (component.Count > 1 || _next[id].Contains(id))
                    {
                        components.Add(component);
                    }
                }
            }
        }

        return components;
    }
}
