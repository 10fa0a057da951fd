using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Branch", "Test", "Follows yes or no as configured.")]
public sealed class Branch : Activity
{
    [Outcome("The flag is set.")]
    public const string Yes = "yes";

    [Outcome("The flag is not set.")]
    public const string No = "no";

    [ActivityInput("Flag", "Which way to go.", Required = true)]
    public bool Flag { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Outcome(Flag ? Yes : No));
}
