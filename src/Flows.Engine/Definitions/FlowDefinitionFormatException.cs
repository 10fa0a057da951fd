namespace Flows.Engine.Definitions;

/// <summary>A flow definition document that cannot be read as JSON of the expected shape.</summary>
public sealed class FlowDefinitionFormatException(string message) : Exception(message);
