using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Explode", "Test", "Throws, as a broken activity would.")]
public sealed class Explode : Activity
{
    [Outcome("Never taken.")]
    public const string Done = "done";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        throw new InvalidOperationException("secret internal detail");
}
