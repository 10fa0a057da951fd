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

    /// <summary>A node runs a flow, or a version of it, that is not published in the environment.</summary>
    public const string UnknownSubFlow = "subFlow.unknown";

    /// <summary>A node runs a flow that, through the flows it runs in turn, runs the flow the node is in.</summary>
    public const string SubFlowCycle = "subFlow.cycle";

    /// <summary>A node runs a flow that can end with an outcome the node has no outcome (named end) for.</summary>
    public const string SubFlowEndNotListed = "subFlow.endNotListed";

    /// <summary>A node checks a user attribute that the environment's user schema does not define.</summary>
    public const string UnknownUserAttribute = "userAttribute.unknown";
}
