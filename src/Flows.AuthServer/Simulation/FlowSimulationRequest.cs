using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// What <c>POST …/flows/{flowId}/simulate</c> takes: which definition to run (the draft, or a published version), as
/// whom, the answers to give its prompts in order, and how outside services answer. Every call replays the answers
/// from the start, so a dry run is one stateless request that a test in CI can repeat.
/// </summary>
public sealed record FlowSimulationRequest
{
    /// <summary>A published version to run; with neither this nor <see cref="Draft"/>, the draft when there is one, else the default version.</summary>
    public int? Version { get; init; }

    /// <summary>Run the draft, unpublished as it is.</summary>
    public bool? Draft { get; init; }

    public SimulatedUserRequest? User { get; init; }

    /// <summary>The flow starts with the user already identified, as a step-up from a session of theirs does.</summary>
    public bool? StepUp { get; init; }

    /// <summary>Variables the flow starts with, as an authorization request gives them (e.g. <c>loginHint</c>).</summary>
    public Dictionary<string, JsonElement>? Variables { get; init; }

    public List<SimulatedAnswer>? Answers { get; init; }

    /// <summary>The answer of each outside service a <c>CallHttpService</c> step calls, by its URL.</summary>
    public Dictionary<string, SimulatedServiceAnswer>? Mocks { get; init; }
}

/// <summary>A real user of the environment, read and never changed (<see cref="Id"/>), or a user described here.</summary>
public sealed record SimulatedUserRequest
{
    public string? Id { get; init; }

    public string? Username { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }

    public bool? Enabled { get; init; }

    public bool? MustChangePassword { get; init; }

    /// <summary>The password a typed answer is compared with, when the answer gives no verdict.</summary>
    public string? Password { get; init; }

    public List<string>? Groups { get; init; }

    public Dictionary<string, string>? Attributes { get; init; }

    /// <summary>The factors the user has: <see cref="SimulatedDevices"/>.</summary>
    public List<string>? Devices { get; init; }
}

/// <summary>One answer to the prompt the flow waits on: its action, body, and whether a credential in it is right.</summary>
public sealed record SimulatedAnswer
{
    public string? Action { get; init; }

    public JsonObject? Body { get; init; }

    /// <summary><see cref="SimulationVerdicts.Right"/> or <see cref="SimulationVerdicts.Wrong"/>: how the step judges the credential, whatever was typed.</summary>
    public string? Verdict { get; init; }
}

/// <summary>How a mocked outside service answers: <see cref="SimulatedServiceOutcomes"/>, and the JSON object it answers with.</summary>
public sealed record SimulatedServiceAnswer
{
    public string? Outcome { get; init; }

    public JsonObject? Body { get; init; }
}

/// <summary>The verdicts an answer may carry.</summary>
public static class SimulationVerdicts
{
    public const string Right = "right";
    public const string Wrong = "wrong";

    public static bool IsKnown(string? verdict) => verdict is null or Right or Wrong;
}

/// <summary>How a mocked outside service call may end.</summary>
public static class SimulatedServiceOutcomes
{
    public const string Answered = "answered";
    public const string Failed = "failed";
    public const string TimedOut = "timedOut";

    public static IReadOnlyList<string> All { get; } = [Answered, Failed, TimedOut];
}

/// <summary>The factors a described user may have.</summary>
public static class SimulatedDevices
{
    public const string Totp = "totp";
    public const string Passkey = "passkey";
    public const string RecoveryCodes = "recoveryCodes";
    public const string Email = "email";
    public const string Sms = "sms";

    public static IReadOnlyList<string> All { get; } = [Totp, Passkey, RecoveryCodes, Email, Sms];
}
