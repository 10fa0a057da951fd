using System.Text.Json;
using Flows.Activities;
using Flows.Activities.SubFlows;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;
using static Flows.Engine.Validation.FlowValidationCodes;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Checks what a definition's Run sub-flow nodes name against the environment's published flows: the flow and version
/// exist, no chain of sub-flows leads back to the definition's own flow (whichever versions: directly, through a
/// default version, or a flow running itself), and every end the sub-flow may take is an outcome of the node.
/// One problem per node, naming it. The engine's validator cannot see other flows, so save and publish run both.
/// </summary>
public sealed class SubFlowReferences(IFlowDefinitionStore definitions, FlowDefaultVersions defaultVersions)
{
    private const string FlowProperty = "flow";
    private const string VersionProperty = "version";
    private const string EndsProperty = "ends";
    private const string OutcomeProperty = "outcome";

    public async Task<IReadOnlyList<FlowValidationProblem>> CheckAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken)
    {
        var problems = new List<FlowValidationProblem>();
        foreach (var node in definition.Nodes.Where(IsRunSubFlow))
        {
            if (await CheckNodeAsync(environmentId, definition.Id, node, cancellationToken) is { } problem)
            {
                problems.Add(problem);
            }
        }

        return problems;
    }

    private async Task<FlowValidationProblem?> CheckNodeAsync(string environmentId, string flowId, FlowNode node, CancellationToken cancellationToken)
    {
        if (Text(node, FlowProperty)?.Trim() is not { Length: > 0 } target)
        {
            return null; // The engine's validator asks for the required property.
        }

        if (target == flowId)
        {
            return new(SubFlowCycle, $"Node '{node.Id}' runs flow '{flowId}', the flow it is in; a flow cannot run itself.", node.Id, FlowProperty);
        }

        if (!SubFlowVersion.TryParse(Text(node, VersionProperty), out var pinned))
        {
            return new(UnknownSubFlow, $"Node '{node.Id}': the version must be {SubFlowVersion.Default} or a published version number.", node.Id, VersionProperty);
        }

        var versions = await VersionsAsync(environmentId, target, pinned, cancellationToken);
        if (versions.Count == 0)
        {
            return pinned is { } missing
                ? new(UnknownSubFlow, $"Node '{node.Id}' runs version {missing} of flow '{target}', which is not published.", node.Id, VersionProperty)
                : new(UnknownSubFlow, $"Node '{node.Id}' runs flow '{target}', which has no published version in this environment.", node.Id, FlowProperty);
        }

        var visited = new HashSet<(string, int)>();
        foreach (var version in versions)
        {
            if (await PathBackAsync(environmentId, flowId, version, [flowId, target], visited, cancellationToken) is { } path)
            {
                return new(SubFlowCycle,
                    $"Node '{node.Id}' runs flow '{target}', which runs this flow again ({string.Join(" → ", path.Select(id => $"'{id}'"))}); sub-flows cannot form a cycle.",
                    node.Id, FlowProperty);
            }
        }

        var listed = OutcomesOf(node);
        var unlisted = versions.SelectMany(EndsOf).Where(end => !listed.Contains(end)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return unlisted.Count == 0
            ? null
            : new(SubFlowEndNotListed,
                $"Node '{node.Id}': flow '{target}' can end with {string.Join(", ", unlisted.Select(end => $"'{end}'"))}; add each to its named ends and connect it.",
                node.Id, EndsProperty);
    }

    /// <summary>The flows from <paramref name="definition"/> on that lead back to <paramref name="flowId"/>, or null when none does.</summary>
    private async Task<List<string>?> PathBackAsync(
        string environmentId, string flowId, FlowDefinition definition, List<string> path, HashSet<(string, int)> visited, CancellationToken cancellationToken)
    {
        if (!visited.Add((definition.Id, definition.Version)))
        {
            return null;
        }

        foreach (var node in definition.Nodes.Where(IsRunSubFlow))
        {
            if (Text(node, FlowProperty)?.Trim() is not { Length: > 0 } next || !SubFlowVersion.TryParse(Text(node, VersionProperty), out var pinned))
            {
                continue;
            }

            if (next == flowId)
            {
                return [.. path, next];
            }

            foreach (var version in await VersionsAsync(environmentId, next, pinned, cancellationToken))
            {
                if (await PathBackAsync(environmentId, flowId, version, [.. path, next], visited, cancellationToken) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    /// <summary>The pinned version; or for the default, every version a new sign-in may start on (the default and a rollout's).</summary>
    private async Task<List<FlowDefinition>> VersionsAsync(string environmentId, string flowId, int? pinned, CancellationToken cancellationToken)
    {
        if (pinned is { } version)
        {
            return await definitions.FindAsync(environmentId, flowId, version, cancellationToken) is { } found ? [found] : [];
        }

        var choice = await defaultVersions.FindAsync(environmentId, flowId, cancellationToken);
        var versions = new List<FlowDefinition>();
        var current = choice.DefaultVersion is { } defaultVersion
            ? await definitions.FindAsync(environmentId, flowId, defaultVersion, cancellationToken)
            : await definitions.FindLatestAsync(environmentId, flowId, cancellationToken);
        if (current is not null)
        {
            versions.Add(current);
        }

        if (choice.Rollout is { } rollout && await definitions.FindAsync(environmentId, flowId, rollout.Version, cancellationToken) is { } rolledOut)
        {
            versions.Add(rolledOut);
        }

        return versions;
    }

    /// <summary>The named ends a sub-flow's End sub-flow steps may take (success is always an outcome of the caller).</summary>
    private static IEnumerable<string> EndsOf(FlowDefinition definition) =>
        definition.Nodes.Where(node => node.Type == nameof(EndSubFlow))
            .Select(node => Text(node, OutcomeProperty)?.Trim() is { Length: > 0 } outcome ? outcome : SubFlowOutcomes.Success)
            .Where(outcome => outcome is not (SubFlowOutcomes.Success or SubFlowOutcomes.Denied));

    private static HashSet<string> OutcomesOf(FlowNode node) =>
        node.Properties.TryGetValue(EndsProperty, out var ends) && ends.ValueKind == JsonValueKind.Array
            ? ends.EnumerateArray().Where(end => end.ValueKind == JsonValueKind.String).Select(end => end.GetString()!.Trim()).ToHashSet(StringComparer.Ordinal)
            : [];

    private static bool IsRunSubFlow(FlowNode node) => node.Type == nameof(RunSubFlow);

    private static string? Text(FlowNode node, string property) =>
        node.Properties.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
