using System.Text.Json;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Simulation;

/// <summary>Tells what a dry run did, as <see cref="FlowSimulationResource"/>; masks what could be a secret.</summary>
public static class SimulationReport
{
    private static readonly JsonElement Masked = JsonSerializer.SerializeToElement("•••");

    // Names of variables that may hold a secret (an enrollment's key, a code, a token): their values are never shown.
    private static readonly string[] SecretWords = ["secret", "password", "code", "token", "key"];

    public static FlowSimulationResource Of(
        FlowDefinition definition, SimulationScenario scenario, IReadOnlyList<SimulatedStep> journal,
        IReadOnlyList<SimulatedRoundResource> rounds, FlowInstance? instance, bool faulted)
    {
        var user = scenario.User;
        var waiting = !faulted && instance is { Status: FlowInstanceStatus.Suspended, Prompt: { } prompt } ? prompt : null;
        return new FlowSimulationResource
        {
            FlowId = definition.Id,
            Version = definition.Version,
            User = new SimulatedUserResource(user.User.Id, user.User.Username, user.IsReal),
            Ended = EndingOf(instance, faulted),
            Prompt = waiting is null ? null
                : new SimulatedPromptResource(waiting.Status, waiting.Actions, waiting.Data, waiting.Error is { } e ? new(e.Code, e.Message) : null),
            Error = faulted
                ? new SimulatedErrorResource(SimulationErrors.NotSimulated, "This step needs a service a dry run does not imitate.")
                : instance is { Status: not FlowInstanceStatus.Suspended, Error: { } error } ? new(error.Code, error.Message) : null,
            Steps = [.. journal.Select((step, i) => new SimulatedStepResource(
                i + 1, step.Round, step.Entry.NodeId, definition.FindNode(step.Entry.NodeId)?.Name, step.Entry.ActivityType,
                step.Entry.Action, step.Entry.Result.ToString(), step.Entry.Outcome, step.Entry.ErrorCode))],
            Rounds = rounds,
            Effects = scenario.Effects,
            SignIn = !faulted && instance is { Status: FlowInstanceStatus.Completed, State: { UserId: { } subject } state }
                ? new SimulatedSignInResource(subject, state.Username ?? user.User.Username, [.. state.Amr], state.Acr, state.AuthenticatedAt, state.Claims)
                : null,
        };
    }

    public static string EndingOf(FlowInstance? instance, bool faulted) => faulted || instance is null
        ? SimulationEndings.NotSimulated
        : instance.Status switch
        {
            FlowInstanceStatus.Suspended => SimulationEndings.Waiting,
            FlowInstanceStatus.Completed => SimulationEndings.Completed,
            _ => SimulationEndings.Denied,
        };

    public static SimulatedErrorResource? ErrorOf(FlowInstance instance) =>
        (instance.Prompt?.Error ?? instance.Error) is { } error ? new(error.Code, error.Message) : null;

    public static SimulatedStateResource StateOf(FlowState state) => new(
        state.UserId, state.Username, [.. state.Amr], state.Acr, state.AuthenticatedAt,
        new Dictionary<string, string>(state.Claims),
        state.Variables.ToDictionary(pair => pair.Key, pair => IsSecret(pair.Key) ? Masked : pair.Value));

    // A node's variable is named after its node (otp.failedAttempts): only the part after the node id tells.
    private static bool IsSecret(string name) =>
        SecretWords.Any(word => name[(name.LastIndexOf('.') + 1)..].Contains(word, StringComparison.OrdinalIgnoreCase));
}
