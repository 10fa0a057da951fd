using Bunit;
using Flows.Designer.Components;
using Flows.Designer.Tests.Support;

namespace Flows.Designer.Tests;

public sealed class NodeValidationTests : DesignerTestContext
{
    [Fact]
    public void A_valid_shipped_flow_shows_no_problem_on_any_node()
    {
        RenderInteractively();
        var editor = NewEditor(ShippedFlow("password-then-otp"));

        var cut = Render<FlowCanvas>(ps => ps.Add(p => p.Editor, editor));

        Assert.Equal(editor.Definition.Nodes.Count, cut.FindAll(".flow-node").Count);
        Assert.Empty(cut.FindAll(".flow-node.has-problems"));
    }

    [Fact]
    public void Removing_an_edge_marks_the_node_whose_outcome_lost_it_and_undo_clears_the_mark()
    {
        RenderInteractively();
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var cut = Render<FlowCanvas>(ps => ps.Add(p => p.Editor, editor));

        cut.InvokeAsync(() => editor.Disconnect("otp", "success"));

        cut.WaitForAssertion(() =>
        {
            var otp = cut.Find(".flow-node[data-node-id=otp]");
            Assert.Contains("has-problems", otp.ClassName);
            Assert.Contains("outcome 'success' has no edge", otp.TextContent);
            // The node the edge led to is now unreachable: marked too, and nothing else is.
            Assert.Contains("cannot be reached", cut.Find(".flow-node[data-node-id=signInWithMfa]").TextContent);
            Assert.Equal(["otp", "signInWithMfa"], cut.FindAll(".flow-node.has-problems").Select(n => n.GetAttribute("data-node-id")).Order());
        });

        cut.InvokeAsync(editor.Undo);

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".flow-node.has-problems")));
    }

    [Fact]
    public void A_property_edit_that_breaks_a_node_marks_it_without_rebuilding_the_graph()
    {
        RenderInteractively();
        var editor = NewEditor(ShippedFlow("password-then-otp"));
        var cut = Render<FlowCanvas>(ps => ps.Add(p => p.Editor, editor));

        cut.InvokeAsync(() => editor.SetProperty("otp", "maxAttempts", System.Text.Json.JsonSerializer.SerializeToElement("five")));

        cut.WaitForAssertion(() =>
        {
            var otp = cut.Find(".flow-node[data-node-id=otp]");
            Assert.Contains("has-problems", otp.ClassName);
            Assert.Contains("must be a whole number", otp.TextContent);
        }, TimeSpan.FromSeconds(10)); // the validation runs after the edit; a busy machine can take more than bunit's 1 s default
    }

    [Fact]
    public void Each_outcome_of_an_activity_is_an_output_port_of_its_node()
    {
        RenderInteractively();
        var editor = NewEditor(ShippedFlow("password-then-otp"));

        var cut = Render<FlowCanvas>(ps => ps.Add(p => p.Editor, editor));

        var outcomes = cut.FindAll(".flow-node[data-node-id=otp] .flow-node-outcome").Select(o => o.GetAttribute("data-outcome"));
        Assert.Equal(Registry.Find("AskForOtp")!.Outcomes.Select(o => o.Name), outcomes);
        Assert.Equal(editor.Definition.Edges.Count, cut.Instance.Diagram.Links.Count);
    }
}
