namespace Flows.Designer.Editing;

/// <summary>An item a property may name, as a pick list shows it: the value stored and the label shown.</summary>
public sealed record PropertyChoice(string Value, string Label);
