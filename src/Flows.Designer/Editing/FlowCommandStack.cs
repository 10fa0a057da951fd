using Flows.Engine.Definitions;

namespace Flows.Designer.Editing;

/// <summary>
/// Undo and redo over a definition. Each command records the document before and after it (a memento), so undo
/// restores exactly what was there, whatever the command touched; a new command clears the redo side.
/// </summary>
public sealed class FlowCommandStack
{
    private readonly Stack<FlowEdit> _undo = new();
    private readonly Stack<FlowEdit> _redo = new();

    public bool CanUndo => _undo.Count > 0;

    public bool CanRedo => _redo.Count > 0;

    public string? UndoLabel => _undo.TryPeek(out var edit) ? edit.Label : null;

    public string? RedoLabel => _redo.TryPeek(out var edit) ? edit.Label : null;

    /// <summary>Runs <paramref name="change"/> on <paramref name="definition"/> and records it; false when it changed nothing.</summary>
    public bool Execute(FlowDefinition definition, string label, Action<FlowDefinition> change)
    {
        var before = FlowDefinitionSerializer.Serialize(definition);
        change(definition);
        var after = FlowDefinitionSerializer.Serialize(definition);
        if (before == after)
        {
            return false;
        }

        _undo.Push(new FlowEdit(label, before, after));
        _redo.Clear();
        return true;
    }

    /// <summary>The definition as it was before the last command, or null when there is nothing to undo.</summary>
    public FlowDefinition? Undo()
    {
        if (!_undo.TryPop(out var edit))
        {
            return null;
        }

        _redo.Push(edit);
        return FlowDefinitionSerializer.Deserialize(edit.Before);
    }

    public FlowDefinition? Redo()
    {
        if (!_redo.TryPop(out var edit))
        {
            return null;
        }

        _undo.Push(edit);
        return FlowDefinitionSerializer.Deserialize(edit.After);
    }

    private sealed record FlowEdit(string Label, string Before, string After);
}
