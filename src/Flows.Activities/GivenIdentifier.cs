using System.Text.Json;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>The identifier an identifier-first step was given (<see cref="FlowVariables.Identifier"/>), known user or not.</summary>
internal static class GivenIdentifier
{
    public static string? Of(FlowState state) =>
        state.Variables.TryGetValue(FlowVariables.Identifier, out var identifier)
        && identifier.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(identifier.GetString())
            ? identifier.GetString()!.Trim()
            : null;
}
