using System.Text.Json;
using Flows.Activities;
using Flows.Activities.Users;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Checks the attributes a definition's Check user nodes test (condition <c>hasAttribute</c>) against the environment's
/// user schema: each must be one the schema defines. An environment without a schema keeps free-form attributes, so
/// nothing is checked there. One problem per node, naming it and the attribute. The engine's validator cannot see the
/// environment, so validate and publish run both.
/// </summary>
public sealed class UserAttributeReferences(IUserProfiles profiles)
{
    private const string ConditionProperty = "condition";
    private const string ValueProperty = "value";

    // Conditions are written camelCase in definitions (CheckUserCondition).
    private static readonly string HasAttribute = JsonNamingPolicy.CamelCase.ConvertName(nameof(CheckUserCondition.HasAttribute));

    public async Task<IReadOnlyList<FlowValidationProblem>> CheckAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken)
    {
        var nodes = definition.Nodes.Where(ChecksAnAttribute).ToList();
        if (nodes.Count == 0 || await profiles.GetSchemaAsync(environmentId, cancellationToken) is not { Count: > 0 } schema)
        {
            return [];
        }

        var problems = new List<FlowValidationProblem>();
        foreach (var node in nodes)
        {
            var name = CheckUser.NameOf(Text(node, ValueProperty) ?? "");
            if (name.Length > 0 && UserAttributeComparison.Find(schema, name) is null)
            {
                problems.Add(new(FlowValidationCodes.UnknownUserAttribute,
                    $"Node '{node.Id}' checks the attribute '{name}', which the environment's user schema does not define; add it to the schema or check another.",
                    node.Id, ValueProperty));
            }
        }

        return problems;
    }

    private static bool ChecksAnAttribute(FlowNode node) =>
        node.Type == nameof(CheckUser) && string.Equals(Text(node, ConditionProperty), HasAttribute, StringComparison.OrdinalIgnoreCase);

    private static string? Text(FlowNode node, string property) =>
        node.Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
