namespace Flows.Engine.Activities;

/// <summary>Marks a <c>const string</c> field of an activity as one of its outcomes (an edge in the graph).</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class OutcomeAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>
    /// The name of a bool input that turns this outcome on: a node has the outcome (and needs its edge) only when the
    /// input is true, so an optional branch can be added to an activity without breaking the flows that do not use it.
    /// </summary>
    public string? OnlyWhen { get; init; }
}
