using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Hand over", "Test", "Continues on another definition, for another application.")]
public sealed class HandOver : Activity
{
    [ActivityInput("Definition", "The definition to continue on.")]
    public string Definition { get; set; } = "";

    [ActivityInput("Version", "Its version.")]
    public int Version { get; set; } = 1;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.HandOver(Definition, Version, "app-2"));
}
