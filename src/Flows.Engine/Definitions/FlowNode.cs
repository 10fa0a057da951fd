using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flows.Engine.Definitions;

/// <summary>One step of a flow: an activity type with its configured properties and place on the canvas.</summary>
public sealed class FlowNode
{
    public required string Id { get; set; }

    /// <summary>The activity type, e.g. <c>AskForUsernamePassword</c>.</summary>
    public required string Type { get; set; }

    /// <summary>A label for the designer; the type is shown when absent.</summary>
    public string? Name { get; set; }

    public Dictionary<string, JsonElement> Properties { get; set; } = [];

    public NodePosition? Position { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}

/// <summary>Where the designer draws a node.</summary>
public sealed record NodePosition(double X, double Y);
