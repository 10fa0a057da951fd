using System.Text.Json;
using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Count visits", "Test", "Counts its visits in a node variable and shows the count in the variable 'visits'.")]
public sealed class CountVisits : Activity
{
    [Outcome("Always.")]
    public const string Done = "done";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var visits = context.GetNodeVariable<int>("visits") + 1;
        context.SetNodeVariable("visits", visits);
        context.State.Variables["visits"] = JsonSerializer.SerializeToElement(visits);
        return ValueTask.FromResult(ActivityResult.Outcome(Done));
    }
}
