namespace Flows.Engine.Activities;

/// <summary>Describes an activity class for the designer's palette: its label, category and tooltip.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string displayName, string category, string description) : Attribute
{
    public string DisplayName { get; } = displayName;

    public string Category { get; } = category;

    public string Description { get; } = description;
}
