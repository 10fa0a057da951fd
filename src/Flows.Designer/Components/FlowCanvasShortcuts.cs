using Microsoft.AspNetCore.Components.Web;

namespace Flows.Designer.Components;

/// <summary>What the canvas does for a key: the editor's shortcuts, with Ctrl or (on a Mac) Cmd.</summary>
public static class FlowCanvasShortcuts
{
    /// <summary>The command of the key pressed on the canvas, or null when the key means nothing there.</summary>
    public static FlowCanvasCommand? Of(KeyboardEventArgs key)
    {
        if (key.Key is "Delete" or "Backspace" && !key.CtrlKey && !key.MetaKey && !key.AltKey)
        {
            return FlowCanvasCommand.Delete;
        }

        if (!(key.CtrlKey || key.MetaKey) || key.AltKey)
        {
            return null;
        }

        return key.Key.ToLowerInvariant() switch
        {
            // Ctrl+Shift+Z is redo in most editors, as Ctrl+Y is.
            "z" => key.ShiftKey ? FlowCanvasCommand.Redo : FlowCanvasCommand.Undo,
            "y" => FlowCanvasCommand.Redo,
            "c" => FlowCanvasCommand.Copy,
            "v" => FlowCanvasCommand.Paste,
            "a" => FlowCanvasCommand.SelectAll,
            _ => null,
        };
    }
}

/// <summary>The canvas's keyboard commands.</summary>
public enum FlowCanvasCommand
{
    Delete,
    Undo,
    Redo,
    Copy,
    Paste,
    SelectAll,
}
