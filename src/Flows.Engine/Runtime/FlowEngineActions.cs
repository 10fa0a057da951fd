namespace Flows.Engine.Runtime;

/// <summary>Actions the engine journals itself, where no user answered a prompt.</summary>
public static class FlowEngineActions
{
    /// <summary>The sub-flow a node ran has ended; the node's step continues along the outcome it ended with.</summary>
    public const string SubFlowEnded = "subflow.ended";
}
