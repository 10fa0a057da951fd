using System.Text.Json;
using System.Text.Json.Serialization;

namespace Flows.Engine.Activities;

/// <summary>What the designer knows of an activity type: palette entry, property panel and output ports.</summary>
public sealed record ActivityDescriptor(
    string Type,
    string DisplayName,
    string Category,
    string Description,
    bool IsInteractive,
    IReadOnlyList<ActivityPropertyDescriptor> Properties,
    IReadOnlyList<ActivityOutcomeDescriptor> Outcomes)
{
    [JsonIgnore]
    public Type ClrType { get; init; } = null!;

    public ActivityPropertyDescriptor? FindProperty(string name) =>
        Properties.FirstOrDefault(property => property.Name == name);

    public bool HasOutcome(string name) => Outcomes.Any(outcome => outcome.Name == name);
}

/// <summary>A typed, administrator-set property of an activity.</summary>
public sealed record ActivityPropertyDescriptor(
    string Name,
    string DisplayName,
    string Description,
    ActivityPropertyType Type,
    bool Required,
    JsonElement? Default,
    IReadOnlyList<string>? Options)
{
    [JsonIgnore]
    public System.Reflection.PropertyInfo ClrProperty { get; init; } = null!;
}

/// <summary>An outcome of an activity: one output port, one edge in the graph.</summary>
public sealed record ActivityOutcomeDescriptor(string Name, string Description);

/// <summary>The kinds of value a property panel edits.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActivityPropertyType>))]
public enum ActivityPropertyType
{
    String,
    Integer,
    Boolean,
    StringList,
    Choice,
}
