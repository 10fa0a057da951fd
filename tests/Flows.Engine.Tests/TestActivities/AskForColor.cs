using System.Text.Json.Nodes;
using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Engine.Tests.TestActivities;

[Activity("Ask for a color", "Test", "Asks the user for red or blue.")]
public sealed class AskForColor(TestGate gate) : InteractiveActivity
{
    public const string Status = "COLOR_REQUIRED";
    public const string Choose = "color.choose";

    [Outcome("The user chose red.")]
    public const string Red = "red";

    [Outcome("The user chose blue.")]
    public const string Blue = "blue";

    /// <summary>An answer the step refuses outright, as a step refuses a forged response.</summary>
    public const string Refused = "purple";
    public const string RefusedCode = "NOT_GENUINE";

    [ActivityInput("Question", "What the user is asked.", Default = "Pick a color")]
    public string Question { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend(Prompt()));

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, FlowAction action)
    {
        await gate.PassAsync();
        return action.GetString("color") switch
        {
            Red => ActivityResult.Outcome(Red),
            Blue => ActivityResult.Outcome(Blue),
            Refused => ActivityResult.Reject(RefusedCode, "Purple is no answer here."),
            _ => ActivityResult.Suspend(Prompt() with { Error = new FlowError("INVALID_COLOR", "Choose red or blue.") }),
        };
    }

    private FlowPrompt Prompt() => new(Status, [Choose], new JsonObject { ["question"] = Question });
}
