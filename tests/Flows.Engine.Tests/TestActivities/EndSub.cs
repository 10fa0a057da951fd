using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("End sub-flow", "Test", "Ends the sub-flow with an outcome.")]
public sealed class EndSub : Activity
{
    [ActivityInput("Outcome", "The caller's outcome.", Default = SubFlowOutcomes.Success)]
    public string Outcome { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.EndSubFlow(Outcome));
}
