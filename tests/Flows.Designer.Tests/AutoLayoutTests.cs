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

    private static Dictionary<string, int> ColumnOf(FlowDefinition definition) =>
        FlowAutoLayout.Layers(definition)
            .SelectMany((ids, column) => ids.Select(id => (id, column)))
            .ToDictionary(entry => entry.id, entry => entry.column);

    [Fact]
    public void Layers_go_left_to_right_from_the_start_node_by_the_longest_path()
    {
        var definition = WithoutPositions(ShippedFlow("password-then-otp"));

        var layers = FlowAutoLayout.Layers(definition);

        Assert.Equal(["password"], layers[0]);
        Assert.Contains("newPassword", layers[1]);
        Assert.Contains("hasMfaDevice", layers[2]);
        Assert.Contains("otp", layers[3]);
        Assert.Contains("signInWithMfa", layers[4]);
        Assert.Equal(definition.Nodes.Count, layers.Sum(layer => layer.Count));
    }

    [Fact]
    public void Every_edge_of_a_shipped_flow_goes_from_a_lower_to_a_higher_column()
    {
        var definition = WithoutPositions(ShippedFlow("password-then-otp"));

        var column = ColumnOf(definition);

        Assert.All(definition.Edges, edge => Assert.True(column[edge.From] < column[edge.To], $"{edge.From} -> {edge.To}"));
        Assert.True(column["tooManyOtpAttempts"] > column["otp"]);
        Assert.True(column["noOtpDevice"] > column["otp"]);
    }

    [Fact]
    public void A_deny_shared_by_the_first_and_the_otp_step_sits_right_of_the_otp_step()
    {
        var definition = WithoutPositions(ShippedFlow("password-then-otp"));
        definition.Edges.RemoveAll(edge => edge.From == "otp" && edge.Outcome == "tooManyAttempts");
        definition.Edges.Add(new FlowEdge("otp", "tooManyAttempts", "lockedOut"));

        var column = ColumnOf(definition);

        Assert.True(column["lockedOut"] > column["otp"]);
        Assert.True(column["lockedOut"] > column["password"]);
    }

    [Fact]
    public void Edges_that_close_a_cycle_are_the_only_ones_pointing_left()
    {
        var definition = WithoutPositions(ShippedFlow("password-then-otp"));
        definition.Edges.Add(new FlowEdge("signInWithPassword", "retry", "password"));

        var column = ColumnOf(definition);

        Assert.Equal(0, column["password"]);
        Assert.All(definition.Edges.Where(edge => edge.To != "password"), edge => Assert.True(column[edge.From] < column[edge.To], $"{edge.From} -> {edge.To}"));
        Assert.Equal(definition.Nodes.Count, column.Count);
    }

    [Fact]
    public void Nodes_in_a_layer_keep_the_order_of_the_outcomes_that_lead_to_them()
    {
        var definition = WithoutPositions(ShippedFlow("password-then-otp"));

        var layers = FlowAutoLayout.Layers(definition);

        Assert.Equal(["lockedOut", "disabled", "newPassword"], layers[1]);
        Assert.Equal(layers, FlowAutoLayout.Layers(definition));
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
