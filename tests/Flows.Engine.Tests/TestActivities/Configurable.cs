using Flows.Engine.Activities;

namespace Flows.Engine.Tests.TestActivities;

public enum Mood
{
    Calm,
    VeryHappy,
}

[Activity("Configurable", "Test", "Has one property of every kind.")]
public sealed class Configurable : Activity
{
    [Outcome("Always.")]
    public const string Done = "done";

    [ActivityInput("Label", "A required text.", Required = true)]
    public string Label { get; set; } = "";

    [ActivityInput("Count", "A number.", Default = 3)]
    public int Count { get; set; }

    [ActivityInput("Enabled", "A switch.", Default = true)]
    public bool Enabled { get; set; }

    [ActivityInput("Tags", "Some words.")]
    public string[] Tags { get; set; } = [];

    [ActivityInput("Mood", "A choice.", Default = Mood.VeryHappy)]
    public Mood Mood { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.State.Claims["seen"] = $"{Label}|{Count}|{Enabled}|{string.Join(",", Tags)}|{Mood}";
        return ValueTask.FromResult(ActivityResult.Outcome(Done));
    }
}
