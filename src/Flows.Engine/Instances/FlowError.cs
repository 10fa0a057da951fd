namespace Flows.Engine.Instances;

/// <summary>
/// An error a user may see: a stable code from the activity's catalog, a message for people and, when one field of the
/// answer was wrong, its name (<paramref name="Target"/>), so a client marks that field.
/// </summary>
public sealed record FlowError(string Code, string Message, string? Target = null);
