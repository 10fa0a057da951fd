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
        var names = Outcomes.Where(outcome => outcome.OnlyWhen is null || IsOn(node, outcome.OnlyWhen)).Select(outcome => outcome.Name).ToList();
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

    /// <summary>Whether a bool input is true on the node, or by default when the node does not set it.</summary>
    private bool IsOn(FlowNode node, string property) =>
        node.Properties.TryGetValue(property, out var value)
            ? value.ValueKind == JsonValueKind.True
            : FindProperty(property)?.Default is { ValueKind: JsonValueKind.True };
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

    /// <summary>What names the designer offers beside the field (see <see cref="ActivityInputAttribute.Suggest"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Suggest { get; init; }

    [JsonIgnore]
    public System.Reflection.PropertyInfo ClrProperty { get; init; } = null!;
}

/// <summary>An outcome of an activity: one output port, one edge in the graph.</summary>
public sealed record ActivityOutcomeDescriptor(string Name, string Description)
{
    /// <summary>The bool input that turns the outcome on (<see cref="OutcomeAttribute.OnlyWhen"/>); null when it is always there.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OnlyWhen { get; init; }
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
