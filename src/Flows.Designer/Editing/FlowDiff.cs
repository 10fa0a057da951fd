using System.Text.Json;
using Flows.Engine.Definitions;

namespace Flows.Designer.Editing;

/// <summary>What changed between two definitions of a flow, as a person reads it: nodes added, removed or changed, edges added or removed.</summary>
public sealed record FlowDiff(IReadOnlyList<FlowChange> Changes)
{
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>
    /// Compares <paramref name="from"/> with <paramref name="to"/>. Positions are left out: moving a node changes
    /// nothing a sign-in does.
    /// </summary>
    public static FlowDiff Between(FlowDefinition from, FlowDefinition to)
    {
        var changes = new List<FlowChange>();
        if (from.Name != to.Name)
        {
            changes.Add(new(FlowChangeKind.Changed, "flow", $"name '{from.Name}' → '{to.Name}'"));
        }

        if (from.Start != to.Start)
        {
            changes.Add(new(FlowChangeKind.Changed, "flow", $"starts at '{to.Start}' instead of '{from.Start}'"));
        }

        var before = from.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var after = to.Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        changes.AddRange(to.Nodes.Where(n => !before.ContainsKey(n.Id)).Select(n => new FlowChange(FlowChangeKind.Added, n.Id, n.Type)));
        changes.AddRange(from.Nodes.Where(n => !after.ContainsKey(n.Id)).Select(n => new FlowChange(FlowChangeKind.Removed, n.Id, n.Type)));
        foreach (var node in to.Nodes.Where(n => before.ContainsKey(n.Id)))
        {
            if (NodeChanges(before[node.Id], node) is { Count: > 0 } details)
            {
                changes.Add(new(FlowChangeKind.Changed, node.Id, string.Join("; ", details)));
            }
        }

        var edgesBefore = from.Edges.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var edgesAfter = to.Edges.Select(Describe).ToHashSet(StringComparer.Ordinal);
        changes.AddRange(edgesAfter.Where(e => !edgesBefore.Contains(e)).Select(e => new FlowChange(FlowChangeKind.Added, "edge", e)));
        changes.AddRange(edgesBefore.Where(e => !edgesAfter.Contains(e)).Select(e => new FlowChange(FlowChangeKind.Removed, "edge", e)));
        return new FlowDiff(changes);
    }

    private static List<string> NodeChanges(FlowNode before, FlowNode after)
    {
        var details = new List<string>();
        if (before.Type != after.Type)
        {
            details.Add($"type {before.Type} → {after.Type}");
        }

        if ((before.Name ?? "") != (after.Name ?? ""))
        {
            details.Add($"name '{before.Name}' → '{after.Name}'");
        }

        foreach (var key in before.Properties.Keys.Union(after.Properties.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.Properties.TryGetValue(key, out var o) ? Text(o) : null;
            var now = after.Properties.TryGetValue(key, out var n) ? Text(n) : null;
            if (old != now)
            {
                details.Add($"{key}: {old ?? "(unset)"} → {now ?? "(unset)"}");
            }
        }

        return details;
    }

    private static string Text(JsonElement value) => value.GetRawText();

    private static string Describe(FlowEdge edge) => $"{edge.From} —{edge.Outcome}→ {edge.To}";
}

/// <summary>One line of a <see cref="FlowDiff"/>: a node (its id) or an edge, and what happened to it.</summary>
public sealed record FlowChange(FlowChangeKind Kind, string Subject, string Detail);

public enum FlowChangeKind
{
    Added,
    Removed,
    Changed,
}
