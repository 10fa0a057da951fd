using System.Text.Json;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>The device a flow's user chose for the next factor (<see cref="FlowVariables.SelectedDevice"/>): its id and kind only.</summary>
public sealed record SelectedDevice(string Id, string Type)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The choice the flow keeps, or null when none was made (or it is not one).</summary>
    public static SelectedDevice? Of(FlowState state)
    {
        if (!state.Variables.TryGetValue(FlowVariables.SelectedDevice, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var device = value.Deserialize<SelectedDevice>(Json);
        return device is { Id.Length: > 0, Type.Length: > 0 } ? device : null;
    }

    public void KeepIn(FlowState state) => state.Variables[FlowVariables.SelectedDevice] = JsonSerializer.SerializeToElement(this, Json);
}
