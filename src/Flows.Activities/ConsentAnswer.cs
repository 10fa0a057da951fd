using System.Text.Json;
using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Reads an <c>accept</c> answer: JSON true or false, or the text a form posts; null when it is neither.</summary>
public static class ConsentAnswer
{
    public static bool? Of(FlowAction action, string field) =>
        action.Body.ValueKind == JsonValueKind.Object && action.Body.TryGetProperty(field, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
                _ => null,
            }
            : null;
}
