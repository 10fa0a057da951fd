using System.Text.Json;
using Flows.Engine.Definitions;
using Flows.Engine.Tests.TestActivities;

namespace Flows.Engine.Tests;

/// <summary>Small definitions built in code for the engine's tests.</summary>
internal static class TestFlows
{
    /// <summary>ask → red: finish, blue: reject.</summary>
    public static FlowDefinition Color(string id = "color", string question = "Pick a color") => new()
    {
        Id = id,
        Name = "Color",
        Start = "ask",
        Nodes =
        [
            Node("ask", nameof(AskForColor), ("question", question)),
            Node("finish", nameof(Finish)),
            Node("reject", nameof(Reject)),
        ],
        Edges = [new("ask", AskForColor.Red, "finish"), new("ask", AskForColor.Blue, "reject")],
    };

    public static FlowNode Node(string id, string type, params (string Name, object Value)[] properties) => new()
    {
        Id = id,
        Type = type,
        Properties = properties.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value)),
    };
}
