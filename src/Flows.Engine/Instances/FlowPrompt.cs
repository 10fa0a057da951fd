using System.Text.Json.Nodes;

namespace Flows.Engine.Instances;

/// <summary>
/// The bookmark of a suspended instance: the flow status shown to clients (e.g. <c>OTP_REQUIRED</c>),
/// the actions it accepts, what the UI needs to render it, and the error of the last failed attempt.
/// </summary>
public sealed record FlowPrompt(string Status, IReadOnlyList<string> Actions, JsonObject? Data = null, FlowError? Error = null)
{
    public bool Accepts(string action) => Actions.Contains(action, StringComparer.Ordinal);
}
