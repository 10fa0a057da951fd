using System.Text.Json;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.Designer.Editing;

/// <summary>
/// One editing session of a flow: every change goes through the command stack (undo/redo), and the engine's
/// validator runs after each one, so the canvas can show problems on the nodes they concern.
/// </summary>
public sealed class FlowEditor
{
    private readonly FlowCommandStack _commands = new();
    private readonly FlowDefinitionValidator _validator;

    public FlowEditor(FlowDefinition definition, ActivityRegistry registry, FlowDefinitionValidator validator)
    {
        Registry = registry;
        _validator = validator;
        Definition = definition;
        if (FlowAutoLayout.NeedsLayout(definition))
        {
            // Flows without stored positions get a layout; it is not an edit, so it is not on the undo stack.
            FlowAutoLayout.Apply(definition);
        }

        Problems = _validator.Validate(Definition);
    }

    public FlowDefinition Definition { get; private set; }

    public ActivityRegistry Registry { get; }

    public IReadOnlyList<FlowValidationProblem> Problems { get; private set; }

    public string? SelectedNodeId { get; private set; }

    public FlowNode? SelectedNode => SelectedNodeId is null ? null : Definition.FindNode(SelectedNodeId);

    /// <summary>Whether there are edits since the last save.</summary>
    public bool IsDirty { get; private set; }

    public bool CanUndo => _commands.CanUndo;

    public bool CanRedo => _commands.CanRedo;

    /// <summary>Raised after every change of the document; the argument says whether the graph's shape changed.</summary>
    public event Action<bool>? Changed;

    /// <summary>
    /// Shows the problems the server refused a save or publish for next to the validator's, on their nodes, until the
    /// next edit (which the next save checks again).
    /// </summary>
    public void ShowRefusal(IReadOnlyList<FlowValidationProblem> problems)
    {
        var own = _validator.Validate(Definition);
        Problems = [.. own, .. problems.Where(problem => !own.Contains(problem))];
        Changed?.Invoke(false);
    }

    public IEnumerable<FlowValidationProblem> ProblemsOf(string nodeId) => Problems.Where(problem => problem.NodeId == nodeId);

    public ActivityDescriptor? DescriptorOf(FlowNode node) => Registry.Find(node.Type);

    public void Select(string? nodeId)
    {
        SelectedNodeId = nodeId is not null && Definition.FindNode(nodeId) is not null ? nodeId : null;
        Changed?.Invoke(false);
    }

    /// <summary>Adds a node of the activity type; the first node of an empty flow becomes its start.</summary>
    public FlowNode AddNode(string type, NodePosition? position = null)
    {
        var descriptor = Registry.Find(type) ?? throw new ArgumentException($"Unknown activity type '{type}'.", nameof(type));
        var node = new FlowNode { Id = NewNodeId(type), Type = type, Name = descriptor.DisplayName, Position = position ?? FreePosition() };
        Run($"Add {descriptor.DisplayName}", true, definition =>
        {
            definition.Nodes.Add(node);
            if (string.IsNullOrEmpty(definition.Start))
            {
                definition.Start = node.Id;
            }
        });
        Select(node.Id);
        return Definition.FindNode(node.Id)!;
    }

    public void RemoveNode(string nodeId) => Run($"Delete {nodeId}", true, definition =>
    {
        definition.Nodes.RemoveAll(node => node.Id == nodeId);
        definition.Edges.RemoveAll(edge => edge.From == nodeId || edge.To == nodeId);
        if (SelectedNodeId == nodeId)
        {
            SelectedNodeId = null;
        }
    });

    /// <summary>Deletes several nodes (and every edge touching them) as one edit, so one undo brings them all back.</summary>
    public void RemoveNodes(IReadOnlyCollection<string> nodeIds) => Run($"Delete {nodeIds.Count} nodes", true, definition =>
    {
        var ids = nodeIds.ToHashSet(StringComparer.Ordinal);
        definition.Nodes.RemoveAll(node => ids.Contains(node.Id));
        definition.Edges.RemoveAll(edge => ids.Contains(edge.From) || ids.Contains(edge.To));
        if (SelectedNodeId is not null && ids.Contains(SelectedNodeId))
        {
            SelectedNodeId = null;
        }
    });

    public void MoveNode(string nodeId, NodePosition position) =>
        Run($"Move {nodeId}", false, definition => definition.FindNode(nodeId)!.Position = position);

    /// <summary>Moves several nodes (a dragged selection) as one edit.</summary>
    public void MoveNodes(IReadOnlyDictionary<string, NodePosition> positions) => Run($"Move {positions.Count} nodes", false, definition =>
    {
        foreach (var (nodeId, position) in positions)
        {
            if (definition.FindNode(nodeId) is { } node)
            {
                node.Position = position;
            }
        }
    });

    /// <summary>
    /// Adds copies of the fragment's nodes, shifted by <paramref name="offset"/>, with new ids and the edges among them, as
    /// one edit; returns the new ids. The start node stays where it is: a pasted copy never takes over the flow's start.
    /// </summary>
    public IReadOnlyList<string> Paste(FlowFragment fragment, NodePosition offset)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        Run($"Paste {fragment.Nodes.Count} nodes", true, definition =>
        {
            foreach (var copied in fragment.Nodes)
            {
                var node = new FlowNode
                {
                    Id = NewNodeId(copied.Type, renamed.Values),
                    Type = copied.Type,
                    Name = copied.Name,
                    Properties = copied.Properties.ToDictionary(property => property.Key, property => property.Value.Clone()),
                    Position = new NodePosition((copied.Position?.X ?? 0) + offset.X, (copied.Position?.Y ?? 0) + offset.Y),
                };
                renamed[copied.Id] = node.Id;
                definition.Nodes.Add(node);
            }

            foreach (var edge in fragment.Edges)
            {
                definition.Edges.Add(new FlowEdge(renamed[edge.From], edge.Outcome, renamed[edge.To]));
            }
        });
        return renamed.Values.ToList();
    }

    public void RenameNode(string nodeId, string? name) =>
        Run($"Rename {nodeId}", false, definition => definition.FindNode(nodeId)!.Name = string.IsNullOrWhiteSpace(name) ? null : name);

    /// <summary>Sets a property; null removes it, so the activity's default applies.</summary>
    public void SetProperty(string nodeId, string property, JsonElement? value) => Run($"Set {property} of {nodeId}", false, definition =>
    {
        var node = definition.FindNode(nodeId)!;
        if (value is { } set)
        {
            node.Properties[property] = set.Clone();
        }
        else
        {
            node.Properties.Remove(property);
        }
    });

    /// <summary>Leads an outcome of a node to another node, replacing the edge the outcome had.</summary>
    public void Connect(string from, string outcome, string to) => Run($"Connect {from}.{outcome} → {to}", true, definition =>
    {
        definition.Edges.RemoveAll(edge => edge.From == from && edge.Outcome == outcome);
        definition.Edges.Add(new FlowEdge(from, outcome, to));
    });

    public void Disconnect(string from, string outcome) =>
        Run($"Disconnect {from}.{outcome}", true, definition => definition.Edges.RemoveAll(edge => edge.From == from && edge.Outcome == outcome));

    public void SetStart(string nodeId) => Run($"Start at {nodeId}", true, definition => definition.Start = nodeId);

    public void AutoLayout() => Run("Auto-layout", true, FlowAutoLayout.Apply);

    public void Undo() => Replace(_commands.Undo());

    public void Redo() => Replace(_commands.Redo());

    /// <summary>Records that the current document is saved.</summary>
    public void MarkSaved() => IsDirty = false;

    /// <summary>Replaces the document (e.g. after a rollback), starting a fresh history.</summary>
    public FlowEditor Reload(FlowDefinition definition) => new(definition, Registry, _validator);

    private void Run(string label, bool structural, Action<FlowDefinition> change)
    {
        if (_commands.Execute(Definition, label, change))
        {
            IsDirty = true;
            Problems = _validator.Validate(Definition);
            Changed?.Invoke(structural);
        }
    }

    private void Replace(FlowDefinition? definition)
    {
        if (definition is null)
        {
            return;
        }

        Definition = definition;
        if (SelectedNodeId is not null && definition.FindNode(SelectedNodeId) is null)
        {
            SelectedNodeId = null;
        }

        IsDirty = true;
        Problems = _validator.Validate(Definition);
        Changed?.Invoke(true);
    }

    private string NewNodeId(string type, IEnumerable<string>? taken = null)
    {
        var stem = char.ToLowerInvariant(type[0]) + type[1..];
        for (var number = 1; ; number++)
        {
            var id = number == 1 ? stem : $"{stem}{number}";
            if (Definition.FindNode(id) is null && taken?.Contains(id) != true)
            {
                return id;
            }
        }
    }

    private NodePosition FreePosition()
    {
        var right = Definition.Nodes.Select(node => node.Position?.X ?? 0).DefaultIfEmpty(0).Max();
        return Definition.Nodes.Count == 0
            ? new NodePosition(FlowAutoLayout.Margin, FlowAutoLayout.Margin)
            : new NodePosition(right + FlowAutoLayout.LayerWidth, FlowAutoLayout.Margin);
    }
}
