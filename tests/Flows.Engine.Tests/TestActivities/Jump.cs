using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Jump", "Test", "Goes on at once.")]
public sealed class Jump : Activity
{
    [Outcome("Always.")]
    public const string Next = "next";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome(Next));
}
