namespace Flows.Engine.Instances;

/// <summary>An error a user may see: a stable code from the activity's catalog and a message for people.</summary>
public sealed record FlowError(string Code, string Message);
