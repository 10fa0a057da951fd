using System.Text.Json;
using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;

namespace Flows.Designer.Tests;

public sealed class UndoRedoTests : DesignerTestContext
{
    [Fact]
    public void Undo_restores_the_document_before_each_command_and_redo_reapplies_them()
    {
        var editor = NewEditor(ShippedFlow("username-password"));
        var original = FlowDefinitionSerializer.Serialize(editor.Definition);

        var node = editor.AddNode("Deny");
        editor.SetProperty(node.Id, "message", JsonSerializer.SerializeToElement("No."));
        var edited = FlowDefinitionSerializer.Serialize(editor.Definition);

        editor.Undo();
        Assert.False(editor.Definition.FindNode(node.Id)!.Properties.ContainsKey("message"));
        editor.Undo();
        Assert.Equal(original, FlowDefinitionSerializer.Serialize(editor.Definition));
        Assert.False(editor.CanUndo);

        editor.Redo();
        editor.Redo();
        Assert.Equal(edited, FlowDefinitionSerializer.Serialize(editor.Definition));
        Assert.False(editor.CanRedo);
    }

    [Fact]
    public void A_new_command_after_undo_drops_the_redo_history()
    {
        var editor = NewEditor(ShippedFlow("username-password"));
        editor.AddNode("Deny");
        editor.Undo();

        editor.RenameNode("password", "Sign in");

        Assert.False(editor.CanRedo);
        Assert.Null(editor.Definition.FindNode("deny"));
    }

    [Fact]
    public void Deleting_a_node_removes_its_edges_and_undo_brings_both_back()
    {
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var edges = editor.Definition.Edges.Count(e => e.From == "otp" || e.To == "otp");

        editor.RemoveNode("otp");
        Assert.DoesNotContain(editor.Definition.Edges, e => e.From == "otp" || e.To == "otp");

        editor.Undo();
        Assert.NotNull(editor.Definition.FindNode("otp"));
        Assert.Equal(edges, editor.Definition.Edges.Count(e => e.From == "otp" || e.To == "otp"));
    }

    [Fact]
    public void A_change_that_changes_nothing_is_not_recorded()
    {
        var editor = NewEditor(ShippedFlow("username-password"));

        editor.MoveNode("password", editor.Definition.FindNode("password")!.Position!);

        Assert.False(editor.CanUndo);
        Assert.False(editor.IsDirty);
    }

    [Fact]
    public void The_toolbar_undo_and_redo_buttons_follow_the_history()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "username-password"));
        var count = () => cut.FindAll(".property-panel h6").Count;
        Assert.True(cut.WaitForElement(".undo-button").HasAttribute("disabled"));

        cut.Find("[data-activity=Deny]").Click();
        cut.WaitForAssertion(() =>
        {
            Assert.False(cut.Find(".undo-button").HasAttribute("disabled"));
            Assert.Equal(1, count());
        });

        cut.Find(".undo-button").Click();
        cut.WaitForAssertion(() =>
        {
            Assert.True(cut.Find(".undo-button").HasAttribute("disabled"));
            Assert.False(cut.Find(".redo-button").HasAttribute("disabled"));
            Assert.Equal(0, count());
        });

        cut.Find(".redo-button").Click();
        cut.WaitForAssertion(() => Assert.True(cut.Find(".redo-button").HasAttribute("disabled")));
    }

    [Fact]
    public void Save_draft_hands_the_edited_definition_to_the_flow_service()
    {
        Flows.Drafts["username-password"] = ShippedFlow("username-password");
        var cut = Render<FlowEditorView>(ps => ps.Add(p => p.EnvironmentId, "demo").Add(p => p.FlowId, "username-password"));
        Assert.True(cut.WaitForElement(".save-button").HasAttribute("disabled"));

        cut.Find("[data-activity=Deny]").Click();
        cut.Find(".save-button").Click();

        var saved = Assert.Single(Flows.Saved);
        Assert.NotNull(saved.FindNode("deny"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".unsaved-chip")));
    }
}
