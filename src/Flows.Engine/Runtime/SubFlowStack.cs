using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.Engine.Runtime;

/// <summary>
/// The sub-flows an instance runs (<see cref="FlowState.SubFlows"/>) as a stack on top of its own definition: where the
/// instance is, entering a sub-flow, and leaving it for its caller.
/// </summary>
internal sealed class SubFlowStack(FlowInstance instance)
{
    /// <summary>Sub-flows running sub-flows deeper than this fail the instance: only a cycle gets there.</summary>
    public const int MaxDepth = 8;

    public SubFlowFrame? Top => instance.State.SubFlows is { Count: > 0 } frames ? frames[^1] : null;

    public int Depth => instance.State.SubFlows?.Count ?? 0;

    /// <summary>The node the instance is at, in the innermost sub-flow or else in its own definition.</summary>
    public string CurrentNodeId => Top?.CurrentNodeId ?? instance.CurrentNodeId!;

    /// <summary>The calling nodes of the innermost sub-flow, outermost first (<c>mfa/</c>); empty outside sub-flows.</summary>
    public string Scope => string.Concat((instance.State.SubFlows ?? []).Select(frame => frame.CallerNodeId + "/"));

    public void MoveTo(string nodeId)
    {
        if (Top is { } top)
        {
            top.CurrentNodeId = nodeId;
        }
        else
        {
            instance.CurrentNodeId = nodeId;
        }
    }

    public void Enter(string callerNodeId, FlowDefinition target) =>
        (instance.State.SubFlows ??= []).Add(new SubFlowFrame
        {
            CallerNodeId = callerNodeId,
            DefinitionId = target.Id,
            Version = target.Version,
            CurrentNodeId = target.Start,
        });

    /// <summary>Leaves the innermost sub-flow; the caller's node is then <see cref="CurrentNodeId"/> again.</summary>
    public SubFlowFrame Leave()
    {
        var frames = instance.State.SubFlows!;
        var left = frames[^1];
        frames.RemoveAt(frames.Count - 1);
        if (frames.Count == 0)
        {
            instance.State.SubFlows = null;
        }

        return left;
    }
}
