using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using static Flows.Engine.Validation.FlowValidationCodes;

namespace Flows.Engine.Validation;

/// <summary>
/// Finds every problem that would make a definition misbehave at run time, one precise message per problem,
/// naming the node it concerns. Publishing requires an empty list.
/// </summary>
public sealed class FlowDefinitionValidator(ActivityRegistry registry)
{
    public IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition)
    {
        var problems = new List<FlowValidationProblem>();
        CheckFields(definition, problems);
        var nodes = IndexNodes(definition, problems);
        if (!string.IsNullOrEmpty(definition.Start) && !nodes.ContainsKey(definition.Start))
        {
            problems.Add(new(StartNotFound, $"The start node '{definition.Start}' is not a node of this flow."));
        }

        foreach (var node in nodes.Values)
        {
            CheckNode(node, problems);
        }

        CheckEdges(definition, nodes, problems);
        var graph = new FlowGraph(definition, nodes.Keys);
        CheckReachability(definition, graph, nodes, problems);
        CheckLoops(graph, nodes, problems);
        return problems;
    }

    private static void CheckFields(FlowDefinition definition, List<FlowValidationProblem> problems)
    {
        foreach (var (field, value) in new[] { ("id", definition.Id), ("name", definition.Name), ("start", definition.Start) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(new(MissingField, $"The flow has no '{field}'."));
            }
        }
    }

    private static Dictionary<string, FlowNode> IndexNodes(FlowDefinition definition, List<FlowValidationProblem> problems)
    {
        var nodes = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes)
        {
            if (string.IsNullOrWhiteSpace(node.Id))
            {
                problems.Add(new(MissingField, $"A node of type '{node.Type}' has no id."));
            }
            else if (!nodes.TryAdd(node.Id, node))
            {
                problems.Add(new(DuplicateNodeId, $"Two nodes have the id '{node.Id}'; ids must be unique.", node.Id));
            }
        }

        return nodes;
    }

    private void CheckNode(FlowNode node, List<FlowValidationProblem> problems)
    {
        var descriptor = registry.Find(node.Type);
        if (descriptor is null)
        {
            problems.Add(new(UnknownActivityType, $"Node '{node.Id}' has the unknown activity type '{node.Type}'.", node.Id));
            return;
        }

        foreach (var property in descriptor.Properties)
        {
            if (!node.Properties.TryGetValue(property.Name, out var value))
            {
                if (property.Required && property.Default is null)
                {
                    problems.Add(new(MissingProperty,
                        $"Node '{node.Id}' ({descriptor.DisplayName}) needs a value for '{property.DisplayName}'.", node.Id, property.Name));
                }
            }
            else if (PropertyValueChecker.Problem(property, value) is { } expected)
            {
                problems.Add(new(InvalidProperty,
                    $"Node '{node.Id}' ({descriptor.DisplayName}): '{property.DisplayName}' must be {expected}.", node.Id, property.Name));
            }
        }

        foreach (var name in node.Properties.Keys.Where(name => descriptor.FindProperty(name) is null))
        {
            problems.Add(new(UnknownProperty,
                $"Node '{node.Id}' ({descriptor.DisplayName}) has no property '{name}'.", node.Id, name));
        }
    }

    private void CheckEdges(FlowDefinition definition, Dictionary<string, FlowNode> nodes, List<FlowValidationProblem> problems)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var edge in definition.Edges)
        {
            if (!nodes.TryGetValue(edge.From, out var from))
            {
                problems.Add(new(DanglingEdge, $"An edge starts at '{edge.From}', which is not a node of this flow."));
                continue;
            }

            if (!nodes.ContainsKey(edge.To))
            {
                problems.Add(new(DanglingEdge,
                    $"Node '{edge.From}': outcome '{edge.Outcome}' leads to '{edge.To}', which is not a node of this flow.", edge.From));
            }

            if (registry.Find(from.Type) is { } descriptor && !descriptor.OutcomesOf(from).Contains(edge.Outcome, StringComparer.Ordinal))
            {
                problems.Add(new(UnknownOutcome,
                    $"Node '{edge.From}' ({descriptor.DisplayName}) has no outcome '{edge.Outcome}'.", edge.From));
            }

            if (!seen.Add((edge.From, edge.Outcome)))
            {
                problems.Add(new(DuplicateEdge,
                    $"Node '{edge.From}': outcome '{edge.Outcome}' has more than one edge; it must lead to one node.", edge.From));
            }
        }

        foreach (var node in nodes.Values)
        {
            var outcomes = registry.Find(node.Type)?.OutcomesOf(node) ?? [];
            foreach (var outcome in outcomes.Where(outcome => !seen.Contains((node.Id, outcome))))
            {
                problems.Add(new(OutcomeWithoutEdge,
                    $"Node '{node.Id}': outcome '{outcome}' has no edge; connect it to the next step.", node.Id));
            }
        }
    }

    private static void CheckReachability(FlowDefinition definition, FlowGraph graph, Dictionary<string, FlowNode> nodes, List<FlowValidationProblem> problems)
    {
        if (!nodes.ContainsKey(definition.Start))
        {
            return;
        }

        var reachable = graph.ReachableFrom(definition.Start);
        foreach (var node in nodes.Values.Where(node => !reachable.Contains(node.Id)))
        {
            problems.Add(new(UnreachableNode, $"Node '{node.Id}' cannot be reached from the start node '{definition.Start}'.", node.Id));
        }
    }

    private void CheckLoops(FlowGraph graph, Dictionary<string, FlowNode> nodes, List<FlowValidationProblem> problems)
    {
        foreach (var loop in graph.Cycles())
        {
            // A loop that never waits on the user would spin until the step budget stops it.
            if (loop.Any(id => registry.Find(nodes[id].Type)?.IsInteractive ?? true))
            {
                continue;
            }

            var members = string.Join(" → ", loop.Select(id => $"'{id}'"));
            problems.Add(new(LoopWithoutPrompt,
                $"Nodes {members} form a loop that never waits on the user; add a step that asks the user, or break the loop.", loop[0]));
        }
    }
}
