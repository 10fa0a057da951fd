namespace Flows.Engine.Definitions;

/// <summary>An outcome of one node leading to the next node.</summary>
public sealed record FlowEdge(string From, string Outcome, string To);
