using Flows.Engine.Instances;

namespace Flows.AuthServer.FlowInstances;

/// <summary>
/// One flow instance as an operator inspects it (<c>GET …/flowInstances/{id}</c>): what the list shows, the
/// step it is at and the prompt it waits on, the error it failed with, its journal and what it has learned so
/// far. Never its session token hash, the stored authorization request or any secret a user typed.
/// </summary>
public sealed record FlowInstanceDetailResource(
    string Id,
    string Status,
    string? FlowStatus,
    string DefinitionId,
    int DefinitionVersion,
    string? ApplicationId,
    string? UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    FlowInstanceStepResource? CurrentStep,
    FlowInstanceErrorResource? Error,
    IReadOnlyList<FlowInstanceJournalEntryResource> Journal,
    FlowInstanceContextResource Context)
{
    /// <param name="journal">The instance's journal, oldest step first.</param>
    /// <param name="activityTypeOfCurrentNode">The activity type of the current node (<see cref="CurrentActivityType"/>, else the definition's).</param>
    public static FlowInstanceDetailResource Of(FlowInstance instance, IReadOnlyList<FlowJournalEntry> journal, string? activityTypeOfCurrentNode)
    {
        var summary = FlowInstanceResource.Of(instance);
        return new(
            summary.Id,
            summary.Status,
            summary.FlowStatus,
            summary.DefinitionId,
            summary.DefinitionVersion,
            summary.ApplicationId,
            summary.UserId,
            summary.CreatedAt,
            summary.UpdatedAt,
            summary.ExpiresAt,
            FlowInstanceStepResource.Of(instance, activityTypeOfCurrentNode),
            FlowInstanceErrorResource.Of(instance.Error),
            journal.Select((entry, index) => FlowInstanceJournalEntryResource.Of(entry, index + 1)).ToList(),
            FlowInstanceContextResource.Of(instance.State));
    }

    /// <summary>The activity type the journal last recorded for the current node; null when it has none.</summary>
    public static string? CurrentActivityType(FlowInstance instance, IReadOnlyList<FlowJournalEntry> journal) =>
        journal.LastOrDefault(entry => entry.NodeId == instance.CurrentNodeId)?.ActivityType;
}

/// <summary>The node an instance is at, its activity, and the prompt it waits on while suspended.</summary>
public sealed record FlowInstanceStepResource(string NodeId, string? ActivityType, FlowInstancePromptResource? Prompt)
{
    public static FlowInstanceStepResource? Of(FlowInstance instance, string? activityType) =>
        instance.CurrentNodeId is { } nodeId
            ? new(nodeId, activityType, instance.Prompt is { } prompt ? FlowInstancePromptResource.Of(prompt) : null)
            : null;
}

/// <summary>
/// A prompt as the flow API shows it to the user: its status, the actions it accepts, what the page needs to
/// render it (secret-looking values hidden) and the error of the last failed attempt.
/// </summary>
public sealed record FlowInstancePromptResource(
    string Status, IReadOnlyList<string> Actions, IReadOnlyDictionary<string, object?>? Data, FlowInstanceErrorResource? Error)
{
    public static FlowInstancePromptResource Of(FlowPrompt prompt) => new(
        prompt.Status,
        prompt.Actions,
        prompt.Data is { } data ? FlowInstanceSecrets.Redact(data) : null,
        FlowInstanceErrorResource.Of(prompt.Error));
}

/// <summary>An error code from the activity's or engine's catalog and the message the user saw.</summary>
public sealed record FlowInstanceErrorResource(string Code, string Message)
{
    public static FlowInstanceErrorResource? Of(FlowError? error) => error is null ? null : new(error.Code, error.Message);
}

/// <summary>One step of the journal: what ran, with which user action, how it ended, when and for how long.</summary>
public sealed record FlowInstanceJournalEntryResource(
    int Sequence,
    string NodeId,
    string ActivityType,
    string? Action,
    string Result,
    string? Outcome,
    string? ErrorCode,
    DateTimeOffset StartedAt,
    double DurationMs)
{
    /// <param name="sequence">The entry's place in the journal, from 1: the order the steps ran in.</param>
    public static FlowInstanceJournalEntryResource Of(FlowJournalEntry entry, int sequence) => new(
        sequence,
        entry.NodeId,
        entry.ActivityType,
        entry.Action,
        entry.Result.ToString().ToUpperInvariant(),
        entry.Outcome,
        entry.ErrorCode,
        entry.StartedAt,
        entry.DurationMicroseconds / 1000.0);
}
