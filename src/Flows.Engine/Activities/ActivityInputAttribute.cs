namespace Flows.Engine.Activities;

/// <summary>Marks a property an administrator sets on the node; the runner binds it before each execution.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ActivityInputAttribute(string displayName, string description) : Attribute
{
    public string DisplayName { get; } = displayName;

    public string Description { get; } = description;

    public bool Required { get; init; }

    /// <summary>The value used when the node does not set the property; also shown in the property panel.</summary>
    public object? Default { get; init; }

    /// <summary>
    /// On a list of strings: each value is one more outcome of the node (an answer an outside party may give), on top
    /// of the activity's declared ones; the validator wants an edge for each.
    /// </summary>
    public bool NamesOutcomes { get; init; }

    /// <summary>
    /// On a string: the value names an item of the environment (one of <see cref="ActivityLookups"/>), which the designer
    /// offers to pick from instead of free text.
    /// </summary>
    public string? Lookup { get; init; }

    /// <summary>
    /// On a string or a list of strings: names of the environment (one of <see cref="ActivityLookups"/>) the designer
    /// offers beside the field; any text is still accepted, as a value may say more than a name (<c>name=value</c>).
    /// </summary>
    public string? Suggest { get; init; }
}
