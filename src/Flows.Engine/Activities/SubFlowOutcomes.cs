namespace Flows.Engine.Activities;

/// <summary>The outcomes of a node that runs a sub-flow, when the sub-flow ends other than by a named end.</summary>
public static class SubFlowOutcomes
{
    /// <summary>The sub-flow completed (reached a step that signs in), or ended with this name.</summary>
    public const string Success = "success";

    /// <summary>A step of the sub-flow failed it (a Deny): the caller decides what follows. The engine's own errors fail the instance.</summary>
    public const string Denied = "denied";
}
