using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Diagram;
using Flows.Designer.Editing;
using Flows.Designer.Tests.Support;
using Microsoft.AspNetCore.Components.Web;

namespace Flows.Designer.Tests;

public sealed class CanvasKeyboardTests : DesignerTestContext
{
    private (IRenderedComponent<FlowCanvas> Canvas, FlowEditor Editor) CanvasOf(string flowId)
    {
        RenderInteractively();
        var editor = NewEditor(ShippedFlow(flowId));
        var canvas = Render<FlowCanvas>(ps => ps.Add(p => p.Editor, editor));
        return (canvas, editor);
    }

    private static void Select(IRenderedComponent<FlowCanvas> canvas, params string[] nodeIds)
    {
        var diagram = canvas.Instance.Diagram;
        diagram.UnselectAll();
        foreach (var node in diagram.Nodes.OfType<ActivityNodeModel>().Where(node => nodeIds.Contains(node.FlowNodeId)))
        {
            diagram.SelectModel(node, unselectOthers: false);
        }
    }

    /// <summary>Presses a key on the canvas and waits until its handler has run.</summary>
    private static async Task Press(IRenderedComponent<FlowCanvas> canvas, string key, bool ctrl = false, bool shift = false) =>
        await canvas.Find(".flow-canvas").KeyDownAsync(new KeyboardEventArgs { Key = key, CtrlKey = ctrl, ShiftKey = shift });

    [Fact]
    public async Task Copy_and_paste_of_two_connected_nodes_adds_two_nodes_and_the_edge_between_them()
    {
        var (canvas, editor) = CanvasOf("password-then-otp");
        var nodes = editor.Definition.Nodes.Count;
        var edges = editor.Definition.Edges.Count;
        Select(canvas, "otp", "signInWithMfa");

        await Press(canvas, "c", ctrl: true);
        await Press(canvas, "v", ctrl: true);

        Assert.Equal(nodes + 2, editor.Definition.Nodes.Count);
        Assert.Equal(edges + 1, editor.Definition.Edges.Count);
        var pasted = editor.Definition.Nodes.Skip(nodes).ToList();
        Assert.Equal(["AskForOtp", "SignIn"], pasted.Select(node => node.Type));
        Assert.Contains(editor.Definition.Edges, edge => edge.From == pasted[0].Id && edge.Outcome == "success" && edge.To == pasted[1].Id);
        Assert.Equal(editor.Definition.FindNode("otp")!.Position!.X + 40, pasted[0].Position!.X);
        Assert.Equal(pasted.Select(node => node.Id).Order(), canvas.Instance.SelectedNodeIds.Order());
    }

    [Fact]
    public async Task A_paste_is_one_edit_that_ctrl_z_takes_back_and_ctrl_y_redoes()
    {
        var (canvas, editor) = CanvasOf("password-then-otp");
        var nodes = editor.Definition.Nodes.Count;
        Select(canvas, "otp", "signInWithMfa");
        await Press(canvas, "c", ctrl: true);
        await Press(canvas, "v", ctrl: true);

        Assert.True(editor.CanUndo);
        await Press(canvas, "z", ctrl: true);
        Assert.Equal(nodes, editor.Definition.Nodes.Count);

        await Press(canvas, "y", ctrl: true);
        Assert.Equal(nodes + 2, editor.Definition.Nodes.Count);
    }

    [Fact]
    public async Task Delete_removes_every_selected_node_with_its_edges_in_one_undoable_edit()
    {
        var (canvas, editor) = CanvasOf("password-then-otp");
        var nodes = editor.Definition.Nodes.Count;
        Select(canvas, "otp", "hasMfaDevice");

        await Press(canvas, "Delete");

        Assert.Null(editor.Definition.FindNode("otp"));
        Assert.Null(editor.Definition.FindNode("hasMfaDevice"));
        Assert.DoesNotContain(editor.Definition.Edges, edge => edge.From is "otp" or "hasMfaDevice" || edge.To is "otp" or "hasMfaDevice");
        editor.Undo();
        Assert.Equal(nodes, editor.Definition.Nodes.Count);
    }

    [Fact]
    public async Task Ctrl_a_selects_every_node()
    {
        var (canvas, editor) = CanvasOf("password-then-otp");

        await Press(canvas, "a", ctrl: true);

        Assert.Equal(editor.Definition.Nodes.Count, canvas.Instance.SelectedNodeIds.Count);
    }

    [Fact]
    public void Moving_a_selection_is_one_edit()
    {
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var before = editor.Definition.FindNode("otp")!.Position;

        editor.MoveNodes(new Dictionary<string, Engine.Definitions.NodePosition>
        {
            ["otp"] = new(900, 900),
            ["signInWithMfa"] = new(1200, 900),
        });
        editor.Undo();

        Assert.Equal(before, editor.Definition.FindNode("otp")!.Position);
        Assert.False(editor.CanUndo);
    }

    [Theory]
    [InlineData("Delete", false, false, FlowCanvasCommand.Delete)]
    [InlineData("z", true, false, FlowCanvasCommand.Undo)]
    [InlineData("Z", true, true, FlowCanvasCommand.Redo)]
    [InlineData("y", true, false, FlowCanvasCommand.Redo)]
    [InlineData("c", true, false, FlowCanvasCommand.Copy)]
    [InlineData("v", true, false, FlowCanvasCommand.Paste)]
    [InlineData("a", true, false, FlowCanvasCommand.SelectAll)]
    public void The_shortcuts_map_to_their_commands(string key, bool ctrl, bool shift, FlowCanvasCommand command) =>
        Assert.Equal(command, FlowCanvasShortcuts.Of(new KeyboardEventArgs { Key = key, CtrlKey = ctrl, ShiftKey = shift }));

    [Fact]
    public void Letters_without_ctrl_are_no_shortcut()
    {
        Assert.Null(FlowCanvasShortcuts.Of(new KeyboardEventArgs { Key = "c" }));
        Assert.Null(FlowCanvasShortcuts.Of(new KeyboardEventArgs { Key = "Delete", CtrlKey = true }));
    }
}
