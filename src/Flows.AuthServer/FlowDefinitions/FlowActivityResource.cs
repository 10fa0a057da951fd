using System.Text.Json;
using System.Text.Json.Serialization;
using Flows.Engine.Activities;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>An activity type of the catalog, as the designer's palette and property panel need it.</summary>
public sealed record FlowActivityResource(
    string Type,
    string DisplayName,
    string Category,
    string Description,
    bool Interactive,
    IReadOnlyList<FlowActivityPropertyResource> Properties,
    IReadOnlyList<FlowActivityOutcomeResource> Outcomes)
{
    public static FlowActivityResource Of(ActivityDescriptor descriptor) => new(
        descriptor.Type,
        descriptor.DisplayName,
        descriptor.Category,
        descriptor.Description,
        descriptor.IsInteractive,
        descriptor.Properties.Select(FlowActivityPropertyResource.Of).ToList(),
        descriptor.Outcomes.Select(outcome => new FlowActivityOutcomeResource(outcome.Name, outcome.Description)).ToList());
}

/// <summary>
/// A property of an activity: its JSON name, its kind (<c>string</c>, <c>integer</c>, <c>boolean</c>,
/// <c>stringList</c>, <c>choice</c>), whether a node must set it, its default and, for a choice, the options.
/// </summary>
public sealed record FlowActivityPropertyResource(
    string Name,
    string DisplayName,
    string Description,
    string Type,
    bool Required,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Options)
{
    public static FlowActivityPropertyResource Of(ActivityPropertyDescriptor property) => new(
        property.Name,
        property.DisplayName,
        property.Description,
        JsonNamingPolicy.CamelCase.ConvertName(property.Type.ToString()),
        property.Required,
        property.Default,
        property.Options);
}

/// <summary>An outcome of an activity: one output port, one edge.</summary>
public sealed record FlowActivityOutcomeResource(string Name, string Description);
