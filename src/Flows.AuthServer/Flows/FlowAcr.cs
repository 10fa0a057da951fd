using System.Text.Json;
using Flows.Activities;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Flows;

/// <summary>
/// The acr a completed flow proved: the requested value it was chosen for (<see cref="FlowVariables.Acr"/>), else the
/// one its sign-in step set.
/// </summary>
public static class FlowAcr
{
    public static string? Of(FlowInstance instance) => Requested(instance) ?? instance.State.Acr;

    /// <summary>The requested acr value the flow ran for, or null when it runs as the application's own flow.</summary>
    public static string? Requested(FlowInstance instance) =>
        instance.State.Variables.TryGetValue(FlowVariables.Acr, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
