using Flows.Engine.Instances;

namespace Flows.Engine.Runtime;

/// <summary>
/// Errors the engine itself ends a flow with. Users see a generic message; the code in the journal
/// tells operators what went wrong.
/// </summary>
public static class FlowEngineErrors
{
    public const string StepBudgetExceeded = "STEP_BUDGET_EXCEEDED";
    public const string NoEdgeForOutcome = "NO_EDGE_FOR_OUTCOME";
    public const string UnknownNode = "UNKNOWN_NODE";
    public const string StepFaulted = "STEP_FAULTED";

    /// <summary>A step handed the instance over to a definition version that is not published.</summary>
    public const string UnknownDefinition = "UNKNOWN_DEFINITION";

    /// <summary>Sub-flows ran sub-flows deeper than <see cref="SubFlowStack.MaxDepth"/> (a cycle the validator could not see).</summary>
    public const string SubFlowTooDeep = "SUB_FLOW_TOO_DEEP";

    /// <summary>An end-of-sub-flow step ran in a flow that no node called, or a sub-flow's step tried to hand over.</summary>
    public const string NotInSubFlow = "NOT_IN_SUB_FLOW";
    public const string HandOverInSubFlow = "HAND_OVER_IN_SUB_FLOW";

    /// <summary>An operator cancelled the instance.</summary>
    public const string Cancelled = "FLOW_CANCELLED";

    private const string UserMessage = "This sign-in cannot continue. Please start again or contact the administrator.";

    public static FlowError For(string code) => new(code, UserMessage);
}
