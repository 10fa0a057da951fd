using System.Text.Json;
using Flows.Engine.Instances;

namespace Flows.Activities;

/// <summary>
/// What a registration step leaves for the verification step, in the flow's state: the username and address typed and
/// the new user's id — none when the username or address was taken, which the flow's answers never show.
/// </summary>
public sealed record PendingRegistration(string Username, string Email, string? UserId)
{
    public static PendingRegistration? Of(FlowState state) =>
        state.Variables.TryGetValue(FlowVariables.Registration, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.Deserialize<PendingRegistration>()
            : null;

    public void SaveTo(FlowState state) => state.Variables[FlowVariables.Registration] = JsonSerializer.SerializeToElement(this);
}
