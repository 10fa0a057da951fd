using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Reject", "Test", "Fails the flow.")]
public sealed class Reject : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Fail("REJECTED", "Not today."));
}
