using System.Text.Json;
using Flows.Engine.Activities;

namespace Flows.Designer.Editing;

/// <summary>Converts between a node's JSON property values and what the property panel's typed fields edit.</summary>
public static class PropertyValues
{
    public static string? AsText(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } or null => null,
        { } other => other.GetRawText(),
    };

    public static int? AsInteger(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Number } number && number.TryGetInt32(out var result) ? result : null;

    public static bool AsBoolean(JsonElement? value) => value is { ValueKind: JsonValueKind.True };

    public static IReadOnlyList<string> AsList(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToList()
            : [];

    public static JsonElement From<T>(T value) => JsonSerializer.SerializeToElement(value);

    /// <summary>The list typed one item a line, blank lines dropped.</summary>
    public static IReadOnlyList<string> ParseLines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>What the field shows when the node does not set the property: the activity's default.</summary>
    public static JsonElement? Effective(ActivityPropertyDescriptor property, IReadOnlyDictionary<string, JsonElement> values) =>
        values.TryGetValue(property.Name, out var set) ? set : property.Default;
}
