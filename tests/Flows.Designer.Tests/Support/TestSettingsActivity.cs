using Flows.Engine.Activities;

namespace Flows.Designer.Tests.Support;

/// <summary>An activity with one property of every kind the property panel edits, for tests of the generated fields.</summary>
[Activity("Test settings", "Tests", "Has a property of each kind.")]
public sealed class TestSettingsActivity : Activity
{
    [Outcome("Always.")]
    public const string Done = "done";

    [ActivityInput("Label", "A required text.", Required = true)]
    public string Label { get; set; } = "";

    [ActivityInput("Retries", "A whole number.", Default = 3)]
    public int Retries { get; set; }

    [ActivityInput("Enabled", "A switch.")]
    public bool Enabled { get; set; }

    [ActivityInput("Tags", "A list of words.")]
    public string[] Tags { get; set; } = [];

    [ActivityInput("Mode", "One of a few.", Required = true)]
    public TestMode Mode { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Outcome(Done));
}

public enum TestMode
{
    Fast,
    Careful,
}
