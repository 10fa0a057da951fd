namespace Flows.Engine.Validation;

/// <summary>One problem in a definition: a stable code, a message for the administrator, and where it is.</summary>
public sealed record FlowValidationProblem(string Code, string Message, string? NodeId = null, string? Property = null);

/// <summary>The codes of <see cref="FlowValidationProblem"/>, so the designer can react to a kind of problem.</summary>
public static class FlowValidationCodes
{
    public const string MissingField = "definition.missingField";
    public const string StartNotFound = "definition.startNotFound";
    public const string DuplicateNodeId = "node.duplicateId";
    public const string UnknownActivityType = "node.unknownType";
    public const string UnreachableNode = "node.unreachable";
    public const string MissingProperty = "property.required";
    public const string InvalidProperty = "property.invalid";
    public const string UnknownProperty = "property.unknown";
    public const string DanglingEdge = "edge.dangling";
    public const string UnknownOutcome = "edge.unknownOutcome";
    public const string DuplicateEdge = "edge.duplicate";
    public const string OutcomeWithoutEdge = "outcome.missingEdge";
    public const string LoopWithoutPrompt = "loop.withoutPrompt";
}
