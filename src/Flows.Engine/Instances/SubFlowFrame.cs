namespace Flows.Engine.Instances;

/// <summary>
/// A sub-flow an instance is running, one of <see cref="FlowState.SubFlows"/>: the published version it entered (fixed
/// for the rest of the run, whatever is published later), the node of the caller that runs it, and where it is.
/// </summary>
public sealed class SubFlowFrame
{
    /// <summary>The node of the calling flow (the instance's own, or the sub-flow below this one) that runs this sub-flow.</summary>
    public required string CallerNodeId { get; init; }

    public required string DefinitionId { get; init; }

    public required int Version { get; init; }

    /// <summary>The node of the sub-flow the instance is at.</summary>
    public required string CurrentNodeId { get; set; }
}
