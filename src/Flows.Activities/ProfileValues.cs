using System.Text.Json;

namespace Flows.Activities;

/// <summary>Reads the <c>{name: value}</c> object of a body's attributes as text, as the user schema stores values.</summary>
public static class ProfileValues
{
    public static Dictionary<string, string> Read(JsonElement body, string property)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty(property, out var attributes) && attributes.ValueKind == JsonValueKind.Object)
        {
            foreach (var attribute in attributes.EnumerateObject())
            {
                values[attribute.Name] = attribute.Value.ValueKind switch
                {
                    JsonValueKind.String => attribute.Value.GetString()!,
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => attribute.Value.GetRawText(),
                    _ => "",
                };
            }
        }

        return values;
    }
}
