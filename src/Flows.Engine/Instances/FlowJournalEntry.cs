namespace Flows.Engine.Instances;

/// <summary>One executed step of an instance, for the operator's inspector.</summary>
public sealed class FlowJournalEntry
{
    public long Id { get; set; }

    public required string InstanceId { get; init; }

    /// <summary>Order of the step within its instance, from 1.</summary>
    public int Sequence { get; init; }

    public required string NodeId { get; init; }

    public required string ActivityType { get; init; }

    /// <summary>Whether the step started the node or resumed it with a user action.</summary>
    public string? Action { get; init; }

    public FlowStepResult Result { get; init; }

    /// <summary>The outcome followed, when <see cref="Result"/> is <see cref="FlowStepResult.Outcome"/>.</summary>
    public string? Outcome { get; init; }

    /// <summary>The error code of a failed check, a failed flow or a faulted step.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>
    /// The sub-flow the step ran in (its id and version), so the sub-flow's funnel counts it; null for a step of the
    /// instance's own definition.
    /// </summary>
    public string? DefinitionId { get; init; }

    public int? DefinitionVersion { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public long DurationMicroseconds { get; init; }
}

/// <summary>How a step ended.</summary>
public enum FlowStepResult
{
    Outcome,
    Suspended,
    Completed,
    Failed,
    Faulted,

    /// <summary>The answer to the prompt was refused; the instance was left as stored.</summary>
    Rejected,

    /// <summary>
    /// The step entered a sub-flow. When the sub-flow ends, the node's outcome is journaled as one more step of it, with
    /// the action <see cref="Runtime.FlowEngineActions.SubFlowEnded"/>.
    /// </summary>
    SubFlow,
}
