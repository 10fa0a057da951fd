namespace Flows.Engine.Activities;

/// <summary>
/// An activity that waits on the user: <see cref="Activity.ExecuteAsync"/> returns a prompt (the bookmark)
/// and <see cref="ResumeAsync"/> receives the user's answer when the instance is resumed.
/// </summary>
public abstract class InteractiveActivity : Activity
{
    /// <summary>Handles one action the prompt accepted; the runner has already checked its name.</summary>
    public abstract ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action);
}
