namespace Flows.Engine.Activities;

/// <summary>
/// A step of a flow. The runner creates one per execution, sets its <see cref="ActivityInputAttribute"/>
/// properties from the node, and asks it for an outcome, a prompt, or the end of the flow.
/// </summary>
public abstract class Activity
{
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);
}
