using Flows.Engine.Activities;
using Flows.Engine.Definitions;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Run sub-flow", "Test", "Runs a published definition as a sub-flow.")]
public sealed class RunSub(IFlowDefinitionStore definitions) : Activity
{
    [Outcome("The sub-flow completed.")]
    public const string Success = SubFlowOutcomes.Success;

    [Outcome("The sub-flow failed.")]
    public const string Denied = SubFlowOutcomes.Denied;

    [ActivityInput("Definition", "The sub-flow.")]
    public string Definition { get; set; } = "";

    [ActivityInput("Version", "Its version; 0 for the latest.")]
    public int Version { get; set; }

    [ActivityInput("Ends", "Named ends of the sub-flow.", NamesOutcomes = true)]
    public string[] Ends { get; set; } = [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var version = Version > 0
            ? Version
            : (await definitions.FindLatestAsync(context.EnvironmentId, Definition, context.CancellationToken))?.Version ?? 99;
        return ActivityResult.RunSubFlow(Definition, version);
    }
}
