using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Finish", "Test", "Completes the flow as a signed-in test user.")]
public sealed class Finish : Activity
{
    [ActivityInput("ACR", "The acr to record.")]
    public string? Acr { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.State.UserId = "user-1";
        context.State.Acr = Acr;
        context.State.AddAuthenticationMethod("test");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
