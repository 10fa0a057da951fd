using System.Text.Json;

namespace Flows.Engine.Activities;

/// <summary>The user's answer to a prompt: an action name such as <c>otp.check</c> and its JSON body.</summary>
public sealed record FlowAction(string Name, JsonElement Body)
{
    public static FlowAction Create(string name, object body) =>
        new(name, JsonSerializer.SerializeToElement(body, JsonSerializerOptions.Web));

    /// <summary>A string field of the body, or null when it is absent or not a string.</summary>
    public string? GetString(string field) =>
        Body.ValueKind == JsonValueKind.Object
        && Body.TryGetProperty(field, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
