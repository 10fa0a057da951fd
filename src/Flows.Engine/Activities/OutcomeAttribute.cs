namespace Flows.Engine.Activities;

/// <summary>Marks a <c>const string</c> field of an activity as one of its outcomes (an edge in the graph).</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class OutcomeAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>
    /// The name of a boolean input (the C# property) that this outcome exists with: off, the node has no such outcome and
    /// needs no edge for it, so that adding an optional outcome leaves existing flows valid.
    /// </summary>
    public string? OnlyWith { get; init; }
}
