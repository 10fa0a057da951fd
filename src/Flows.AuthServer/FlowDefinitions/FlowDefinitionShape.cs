using Flows.AuthServer.Environments;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Checks what a draft needs before it can be stored at all: a valid id, a name, and no null where the engine
/// expects a value. Everything else (unknown types, dangling edges…) is the validator's, at publish time, so a
/// half-drawn flow can still be saved.
/// </summary>
public static class FlowDefinitionShape
{
    /// <summary>The problems; fills absent lists with empty ones so the validator can walk the graph.</summary>
    public static List<FieldProblem> Check(FlowDefinition definition)
    {
        var problems = new List<FieldProblem>();
        if (!FlowIds.IsValid(definition.Id))
        {
            problems.Add(new("id", $"id must be {FlowIds.Rule}"));
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            problems.Add(new("name", "name must not be empty"));
        }
        else if (definition.Name.Length > 256)
        {
            problems.Add(new("name", "name may have at most 256 characters"));
        }

        if (definition.Start is null)
        {
            problems.Add(new("start", "start must name the node that runs first"));
        }

        definition.Nodes ??= [];
        definition.Edges ??= [];
        for (var i = 0; i < definition.Nodes.Count; i++)
        {
            if (definition.Nodes[i] is not { Id: not null, Type: not null } node)
            {
                problems.Add(new($"nodes[{i}]", $"nodes[{i}] must have an id and a type"));
                continue;
            }

            node.Properties ??= [];
        }

        for (var i = 0; i < definition.Edges.Count; i++)
        {
            if (definition.Edges[i] is not { From: not null, Outcome: not null, To: not null })
            {
                problems.Add(new($"edges[{i}]", $"edges[{i}] must have from, outcome and to"));
            }
        }

        return problems;
    }
}
