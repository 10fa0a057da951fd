using Flows.Designer.Editing;
using Flows.Designer.Tests.Support;
using Flows.Engine.Definitions;

namespace Flows.Designer.Tests;

public sealed class AutoLayoutTests : DesignerTestContext
{
    private static FlowDefinition WithoutPositions(FlowDefinition definition)
    {
        foreach (var node in definition.Nodes)
        {
            node.Position = null;
        }

        return definition;
    }

    [Fact]
    public void Layers_go_left_to_right_from_the_start_node_by_distance()
    {
        var definition = WithoutPositions(ShippedFlow("password-then-otp"));

        var layers = FlowAutoLayout.Layers(definition);

        Assert.Equal(["password"], layers[0]);
        Assert.Contains("hasMfaDevice", layers[1]);
        Assert.Contains("otp", layers[2]);
        Assert.Contains("signInWithMfa", layers[3]);
        Assert.Equal(definition.Nodes.Count, layers.Sum(layer => layer.Count));
    }

    [Fact]
    public void Every_edge_to_a_newly_reached_node_points_right_and_no_two_nodes_overlap()
    {
        var definition = WithoutPositions(ShippedFlow("password-then-otp"));

        FlowAutoLayout.Apply(definition);

        var start = definition.FindNode(definition.Start)!.Position!;
        Assert.Equal(FlowAutoLayout.Margin, start.X);
        Assert.All(definition.Nodes, node => Assert.True(node.Position!.X >= start.X));
        Assert.Equal(definition.Nodes.Count, definition.Nodes.Select(n => n.Position).Distinct().Count());
        Assert.True(definition.FindNode("otp")!.Position!.X > definition.FindNode("hasMfaDevice")!.Position!.X);
        Assert.True(definition.FindNode("hasMfaDevice")!.Position!.X > start.X);
    }

    [Fact]
    public void Nodes_the_start_cannot_reach_go_to_a_last_layer()
    {
        var definition = WithoutPositions(ShippedFlow("username-password"));
        definition.Nodes.Add(new FlowNode { Id = "orphan", Type = "Deny" });

        var layers = FlowAutoLayout.Layers(definition);

        Assert.Equal(["orphan"], layers[^1]);
    }

    [Fact]
    public void The_editor_lays_out_a_flow_without_positions_but_keeps_stored_positions()
    {
        var stored = ShippedFlow("password-then-otp");
        var storedPositions = stored.Nodes.ToDictionary(n => n.Id, n => n.Position);

        var kept = NewEditor(stored);
        var laidOut = NewEditor(WithoutPositions(ShippedFlow("password-then-otp")));

        Assert.All(kept.Definition.Nodes, node => Assert.Equal(storedPositions[node.Id], node.Position));
        Assert.All(laidOut.Definition.Nodes, node => Assert.NotNull(node.Position));
        Assert.False(laidOut.CanUndo);
    }

    [Fact]
    public void Auto_layout_from_the_toolbar_is_one_undoable_command()
    {
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var before = FlowDefinitionSerializer.Serialize(editor.Definition);

        editor.AutoLayout();
        Assert.NotEqual(before, FlowDefinitionSerializer.Serialize(editor.Definition));
        editor.Undo();

        Assert.Equal(before, FlowDefinitionSerializer.Serialize(editor.Definition));
    }

    [Fact]
    public void Positions_and_unknown_fields_round_trip_through_an_edit()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "workflows", "username-password.json"))
            .Replace("\"nodes\"", "\"x-designer\": {\"zoom\": 0.8}, \"nodes\"");
        var editor = NewEditor(FlowDefinitionSerializer.Deserialize(json));

        editor.MoveNode("password", new NodePosition(123, 45));
        var saved = FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(editor.Definition));

        Assert.Equal(new NodePosition(123, 45), saved.FindNode("password")!.Position);
        Assert.Equal(0.8, saved.Extensions!["x-designer"].GetProperty("zoom").GetDouble());
    }
}
