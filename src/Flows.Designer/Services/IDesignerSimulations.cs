using System.Text.Json;
using System.Text.Json.Nodes;
using Flows.Engine.Definitions;

namespace Flows.Designer.Services;

/// <summary>Dry runs of a flow: the steps it would take as a user, through the answers given, with nothing real happening.</summary>
public interface IDesignerSimulations
{
    /// <summary>Runs <see cref="DryRunRequest.Definition"/> (what the canvas shows) or a published version, from the start through every answer.</summary>
    Task<DryRunResult> RunAsync(string environmentId, DryRunRequest request, CancellationToken cancellationToken = default);
}

/// <summary>What to run, as whom, and the answers to give, in order.</summary>
public sealed record DryRunRequest(
    string FlowId, FlowDefinition? Definition, int? Version, DryRunUser User, IReadOnlyList<DryRunAnswer> Answers,
    IReadOnlyDictionary<string, DryRunMock> Mocks);

/// <summary>A user of the environment (<see cref="Id"/>) or a described one.</summary>
public sealed record DryRunUser(
    string? Id, string? Username = null, string? Password = null, bool Enabled = true,
    IReadOnlyList<string>? Groups = null, IReadOnlyDictionary<string, string>? Attributes = null, IReadOnlyList<string>? Devices = null);

/// <summary>One answer: the action, its body, and whether the credential in it is right.</summary>
public sealed record DryRunAnswer(string Action, JsonObject Body, string? Verdict = null);

/// <summary>How an outside service answers a call to its URL.</summary>
public sealed record DryRunMock(string Outcome, JsonObject? Body);

/// <summary>What a dry run did; <see cref="Problem"/> when it could not run (an unknown user, an answer the prompt refuses …).</summary>
public sealed record DryRunResult
{
    public string? Problem { get; init; }

    /// <summary>Whom the run ran as: for a user of the environment, its username as read.</summary>
    public DryRunUserInfo? User { get; init; }

    public string Ended { get; init; } = "";

    public DryRunPrompt? Prompt { get; init; }

    public DryRunError? Error { get; init; }

    public IReadOnlyList<DryRunStep> Steps { get; init; } = [];

    public IReadOnlyList<DryRunRound> Rounds { get; init; } = [];

    public IReadOnlyList<DryRunEffect> Effects { get; init; } = [];

    public DryRunSignIn? SignIn { get; init; }

    public static DryRunResult Refused(string problem) => new() { Problem = problem };
}

public sealed record DryRunUserInfo(string Id, string Username, bool Real);

public sealed record DryRunPrompt(string Status, IReadOnlyList<string> Actions, JsonObject? Data, DryRunError? Error);

public sealed record DryRunError(string Code, string Message);

public sealed record DryRunStep(
    int Sequence, int Round, string NodeId, string? NodeName, string Activity, string? Action, string Result, string? Outcome, string? ErrorCode);

public sealed record DryRunRound(int Round, string? Action, string? Verdict, string? Status, DryRunError? Error, DryRunState State);

public sealed record DryRunState(
    string? UserId, string? Username, IReadOnlyList<string> Amr, string? Acr, IReadOnlyDictionary<string, string> Claims,
    IReadOnlyDictionary<string, JsonElement> Variables);

public sealed record DryRunEffect(int Round, string Kind, string Description);

public sealed record DryRunSignIn(string Subject, string? Username, IReadOnlyList<string> Amr, string? Acr, IReadOnlyDictionary<string, string> Claims);

/// <summary>Where a dry run stopped, as <see cref="DryRunResult.Ended"/> says.</summary>
public static class DryRunEndings
{
    public const string Waiting = "waiting";
    public const string Completed = "completed";
    public const string Denied = "denied";
    public const string NotSimulated = "notSimulated";
}

/// <summary>The verdicts an answer may carry.</summary>
public static class DryRunVerdicts
{
    public const string Right = "right";
    public const string Wrong = "wrong";
}
