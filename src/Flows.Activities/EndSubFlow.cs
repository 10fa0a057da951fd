using Flows.Engine.Activities;

namespace Flows.Activities;

/// <summary>Ends a flow that another flow runs as a sub-flow; the calling node continues along the outcome.</summary>
[Activity("End sub-flow", ActivityCategories.SubFlows,
    "Ends this flow when a Run sub-flow step of another flow runs it: that step continues along the outcome — success, or a named end it lists. " +
    "A sign-in started on this flow itself fails here.")]
public sealed class EndSubFlow : Activity
{
    [ActivityInput("Outcome", "The outcome the calling step continues along: success, or one of its named ends.", Default = SubFlowOutcomes.Success)]
    public string Outcome { get; set; } = SubFlowOutcomes.Success;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.EndSubFlow(string.IsNullOrWhiteSpace(Outcome) ? SubFlowOutcomes.Success : Outcome.Trim()));
}
