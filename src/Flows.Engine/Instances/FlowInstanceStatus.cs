namespace Flows.Engine.Instances;

/// <summary>The life cycle of a flow instance.</summary>
public enum FlowInstanceStatus
{
    Running,
    Suspended,
    Completed,
    Failed,
    Cancelled,
    Expired,
}
