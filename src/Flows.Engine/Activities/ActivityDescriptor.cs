using System.Text.Json;
using System.Text.Json.Serialization;
using Flows.Engine.Definitions;

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

    /// <summary>The outcomes of one node: the declared ones, then those its outcome-naming properties list.</summary>
    public IReadOnlyList<string> OutcomesOf(FlowNode node)
    {
        var names = Outcomes.Where(outcome => outcome.OnlyWith is null || IsOn(node, outcome.OnlyWith))
            .Select(outcome => outcome.Name).ToList();
        foreach (var property in Properties.Where(property => property.NamesOutcomes))
        {
            if (node.Properties.TryGetValue(property.Name, out var value) && value.ValueKind == JsonValueKind.Array)
            {
                names.AddRange(value.EnumerateArray()
                    .Where(item => item.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(item.GetString()))
                    .Select(item => item.GetString()!.Trim()));
            }
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether the node sets the boolean property on, or leaves it at a default that is on.</summary>
    private bool IsOn(FlowNode node, string propertyName)
    {
        var value = node.Properties.TryGetValue(propertyName, out var set) ? set : FindProperty(propertyName)?.Default;
        return value is { ValueKind: JsonValueKind.True };
    }
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
    /// <summary>Each value of this list is one more outcome of the node (see <see cref="ActivityInputAttribute.NamesOutcomes"/>).</summary>
    public bool NamesOutcomes { get; init; }

    /// <summary>What the value names in the environment, to pick it from (see <see cref="ActivityInputAttribute.Lookup"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Lookup { get; init; }

    [JsonIgnore]
    public System.Reflection.PropertyInfo ClrProperty { get; init; } = null!;
}

/// <summary>An outcome of an activity: one output port, one edge in the graph.</summary>
public sealed record ActivityOutcomeDescriptor(string Name, string Description)
{
    /// <summary>The boolean property (as the definition names it) this outcome exists with, if it is optional.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OnlyWith { get; init; }
}

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
