namespace Flows.AuthServer.Environments;

/// <summary>
/// One problem with one value: the field it is about (a JSON property name such as <c>redirectUris</c>) and a
/// message that reads on its own. Import files show the message after where the entry is; the management API
/// groups messages by field.
/// </summary>
public sealed record FieldProblem(string Field, string Message);
