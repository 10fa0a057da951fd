using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Tests.TestActivities;
using Flows.Engine.Validation;
using static Flows.Engine.Tests.TestFlows;

namespace Flows.Engine.Tests;

public sealed class FlowDefinitionValidatorTests
{
    private readonly FlowDefinitionValidator _validator = new(new ActivityRegistry(TestCatalog.Types));

    [Fact]
    public void A_sound_flow_has_no_problems()
    {
        Assert.Empty(_validator.Validate(Color()));
    }

    [Fact]
    public void An_unknown_activity_type_is_named_on_its_node()
    {
        var flow = Color();
        flow.Nodes[1] = Node("finish", "Teleport");

        var problem = Assert.Single(_validator.Validate(flow));

        Assert.Equal((FlowValidationCodes.UnknownActivityType, "finish"), (problem.Code, problem.NodeId));
        Assert.Contains("'Teleport'", problem.Message);
    }

    [Fact]
    public void A_missing_required_property_is_named_with_its_node_and_property()
    {
        var flow = Flow(Node("label", nameof(Configurable)), Node("end", nameof(Finish)));
        flow.Edges.Add(new("label", Configurable.Done, "end"));

        var problem = Assert.Single(_validator.Validate(flow));

        Assert.Equal((FlowValidationCodes.MissingProperty, "label", "label"), (problem.Code, problem.NodeId, problem.Property));
    }

    [Theory]
    [InlineData("count", "three", "a whole number")]
    [InlineData("enabled", "yes", "true or false")]
    [InlineData("tags", 4, "a list of strings")]
    [InlineData("mood", "angry", "one of calm, veryHappy")]
    [InlineData("label", 12, "a string")]
    public void An_ill_typed_property_says_what_was_expected(string property, object value, string expected)
    {
        var configured = property == "label" ? Node("c", nameof(Configurable), (property, value))
            : Node("c", nameof(Configurable), ("label", "x"), (property, value));
        var flow = Flow(configured, Node("end", nameof(Finish)));
        flow.Edges.Add(new("c", Configurable.Done, "end"));

        var problem = Assert.Single(_validator.Validate(flow));

        Assert.Equal((FlowValidationCodes.InvalidProperty, "c", property), (problem.Code, problem.NodeId, problem.Property));
        Assert.EndsWith($"must be {expected}.", problem.Message);
    }

    [Fact]
    public void An_edge_to_a_missing_node_is_dangling()
    {
        var flow = Color();
        flow.Edges[1] = new("ask", AskForColor.Blue, "nowhere");

        var problems = _validator.Validate(flow);

        Assert.Contains(problems, p => p.Code == FlowValidationCodes.DanglingEdge && p.NodeId == "ask" && p.Message.Contains("'nowhere'"));
    }

    [Fact]
    public void A_node_nothing_leads_to_is_unreachable()
    {
        var flow = Color();
        flow.Nodes.Add(Node("orphan", nameof(Finish)));

        var problem = Assert.Single(_validator.Validate(flow));

        Assert.Equal((FlowValidationCodes.UnreachableNode, "orphan"), (problem.Code, problem.NodeId));
    }

    [Fact]
    public void An_outcome_without_an_edge_is_named_on_its_node()
    {
        var flow = Color();
        flow.Edges.RemoveAt(1);
        flow.Nodes.RemoveAt(2);

        var problem = Assert.Single(_validator.Validate(flow));

        Assert.Equal((FlowValidationCodes.OutcomeWithoutEdge, "ask"), (problem.Code, problem.NodeId));
        Assert.Contains("'blue'", problem.Message);
    }

    [Fact]
    public void A_loop_that_never_waits_on_the_user_is_refused()
    {
        var flow = Flow(Node("a", nameof(Jump)), Node("b", nameof(Jump)));
        flow.Edges.AddRange([new("a", Jump.Next, "b"), new("b", Jump.Next, "a")]);

        var problem = Assert.Single(_validator.Validate(flow));

        Assert.Equal(FlowValidationCodes.LoopWithoutPrompt, problem.Code);
        Assert.Contains("'a' → 'b'", problem.Message);
    }

    [Fact]
    public void A_loop_through_a_prompt_is_allowed()
    {
        var flow = Flow(Node("ask", nameof(AskForColor)), Node("jump", nameof(Jump)), Node("end", nameof(Finish)));
        flow.Edges.AddRange([new("ask", AskForColor.Red, "jump"), new("jump", Jump.Next, "ask"), new("ask", AskForColor.Blue, "end")]);

        Assert.Empty(_validator.Validate(flow));
    }

    [Fact]
    public void A_node_looping_on_itself_without_a_prompt_is_refused()
    {
        var flow = Flow(Node("a", nameof(Jump)));
        flow.Edges.Add(new("a", Jump.Next, "a"));

        Assert.Equal(FlowValidationCodes.LoopWithoutPrompt, Assert.Single(_validator.Validate(flow)).Code);
    }

    [Fact]
    public void Duplicate_ids_unknown_outcomes_duplicate_edges_and_a_missing_start_are_each_reported()
    {
        var flow = Color();
        flow.Start = "begin";
        flow.Nodes.Add(Node("finish", nameof(Finish)));
        flow.Edges.Add(new("ask", "green", "finish"));
        flow.Edges.Add(new("ask", AskForColor.Red, "reject"));

        var codes = _validator.Validate(flow).Select(p => p.Code).ToList();

        Assert.Contains(FlowValidationCodes.StartNotFound, codes);
        Assert.Contains(FlowValidationCodes.DuplicateNodeId, codes);
        Assert.Contains(FlowValidationCodes.UnknownOutcome, codes);
        Assert.Contains(FlowValidationCodes.DuplicateEdge, codes);
    }

    [Fact]
    public void A_property_the_activity_does_not_have_is_reported()
    {
        var flow = Color();
        flow.Nodes[1] = Node("finish", nameof(Finish), ("colour", "red"));

        var problem = Assert.Single(_validator.Validate(flow));

        Assert.Equal((FlowValidationCodes.UnknownProperty, "finish", "colour"), (problem.Code, problem.NodeId, problem.Property));
    }

    private static FlowDefinition Flow(params FlowNode[] nodes) =>
        new() { Id = "f", Name = "F", Start = nodes[0].Id, Nodes = [.. nodes] };
}
