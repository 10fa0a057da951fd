using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flows.Engine.Definitions;

/// <summary>Reads and writes flow definitions as the JSON documents administrators import and export.</summary>
public static class FlowDefinitionSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses a definition; a malformed document is a <see cref="FlowDefinitionFormatException"/>.</summary>
    public static FlowDefinition Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<FlowDefinition>(json, Options)
                ?? throw new FlowDefinitionFormatException("The document is empty (null).");
        }
        catch (JsonException exception)
        {
            // JsonException names the path and line; the inner parser detail is enough for an administrator.
            throw new FlowDefinitionFormatException(
                $"Not a valid flow definition at {exception.Path ?? "$"} (line {exception.LineNumber + 1}): {FirstSentence(exception.Message)}");
        }
    }

    public static string Serialize(FlowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
