using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// What a dry run did: the steps it took (node, activity, outcome, in which answer), where it stopped and why, the
/// flow's state after the start and after each answer (secrets masked), what it would have done outside, and on
/// completion what the sign-in would issue.
/// </summary>
public sealed record FlowSimulationResource
{
    public required string FlowId { get; init; }

    /// <summary>The published version run; 0 for the draft.</summary>
    public required int Version { get; init; }

    public required SimulatedUserResource User { get; init; }

    /// <summary><see cref="SimulationEndings"/>: waiting on a prompt, completed, denied, or stopped at a step a dry run cannot run.</summary>
    public required string Ended { get; init; }

    /// <summary>The prompt the flow waits on, when <see cref="Ended"/> is waiting.</summary>
    public SimulatedPromptResource? Prompt { get; init; }

    /// <summary>Why the flow ended without a sign-in.</summary>
    public SimulatedErrorResource? Error { get; init; }

    public required IReadOnlyList<SimulatedStepResource> Steps { get; init; }

    /// <summary>The state after the start (round 0) and after each answer.</summary>
    public required IReadOnlyList<SimulatedRoundResource> Rounds { get; init; }

    public required IReadOnlyList<SimulationEffect> Effects { get; init; }

    /// <summary>What signing in would issue, when the flow completed; no session or token is made.</summary>
    public SimulatedSignInResource? SignIn { get; init; }
}

public sealed record SimulatedUserResource(string Id, string Username, bool Real);

public sealed record SimulatedPromptResource(string Status, IReadOnlyList<string> Actions, JsonObject? Data, SimulatedErrorResource? Error);

public sealed record SimulatedErrorResource(string Code, string Message);

/// <summary>One step: its node, activity, the action it resumed with, how it ended and the outcome it followed.</summary>
public sealed record SimulatedStepResource(
    int Sequence, int Round, string NodeId, string? NodeName, string Activity, string? Action, string Result, string? Outcome, string? ErrorCode);

/// <summary>The answer of a round (none for round 0) and the flow's state once it was handled.</summary>
public sealed record SimulatedRoundResource(
    int Round, string? Action, string? Verdict, string? Status, SimulatedErrorResource? Error, SimulatedStateResource State);

/// <summary>The flow's state; variables whose names tell a secret are masked.</summary>
public sealed record SimulatedStateResource(
    string? UserId, string? Username, IReadOnlyList<string> Amr, string? Acr, DateTimeOffset? AuthenticatedAt,
    IReadOnlyDictionary<string, string> Claims, IReadOnlyDictionary<string, JsonElement> Variables);

/// <summary>The subject and authentication facts a completed run would sign in with.</summary>
public sealed record SimulatedSignInResource(
    string Subject, string? Username, IReadOnlyList<string> Amr, string? Acr, DateTimeOffset? AuthenticatedAt, IReadOnlyDictionary<string, string> Claims);

/// <summary>Where a dry run stopped.</summary>
public static class SimulationEndings
{
    public const string Waiting = "waiting";
    public const string Completed = "completed";
    public const string Denied = "denied";
    public const string NotSimulated = "notSimulated";
}
