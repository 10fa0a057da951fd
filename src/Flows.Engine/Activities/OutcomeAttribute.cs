namespace Flows.Engine.Activities;

/// <summary>Marks a <c>const string</c> field of an activity as one of its outcomes (an edge in the graph).</summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class OutcomeAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}
