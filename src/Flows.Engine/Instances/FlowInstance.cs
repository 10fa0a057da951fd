namespace Flows.Engine.Instances;

/// <summary>One run of a flow definition, serving one authorization request; a single row in the store.</summary>
public sealed class FlowInstance
{
    /// <summary>Unguessable: it appears in sign-on URLs.</summary>
    public required string Id { get; init; }

    public required string EnvironmentId { get; init; }

    /// <summary>The definition the instance runs; another one only after a step handed over to it (<see cref="Activities.HandOverResult"/>).</summary>
    public required string DefinitionId { get; set; }

    /// <summary>The definition version the instance runs; it finishes on it, whatever is published later.</summary>
    public required int DefinitionVersion { get; set; }

    public string? ApplicationId { get; set; }

    /// <summary>The user the flow has identified so far, copied from <see cref="State"/> so operators can filter on it.</summary>
    public string? UserId { get; set; }

    public FlowInstanceStatus Status { get; set; }

    public string? CurrentNodeId { get; set; }

    /// <summary>What the instance waits for while suspended.</summary>
    public FlowPrompt? Prompt { get; set; }

    public FlowState State { get; set; } = new();

    /// <summary>Why the flow failed, when it did.</summary>
    public FlowError? Error { get; set; }

    /// <summary>Hash of the session token (ST cookie) that owns the flow; the server checks it on every call.</summary>
    public string? SessionTokenHash { get; init; }

    /// <summary>The authorization request the flow serves, as the server stored it (opaque to the engine).</summary>
    public string? Request { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// When an idle suspended instance expires; moved forward on every step. For a completed instance: until when
    /// its result may be taken (<see cref="Runtime.FlowRunner.TakeResultAsync"/>), which closes it.
    /// </summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Incremented on every save; a save against a stale revision is a conflict.</summary>
    public int Revision { get; set; }

    /// <summary>
    /// Where the stored row stood at <see cref="Persistence.StoredRunPosition.Revision"/> when the store last read or wrote
    /// it, so a save can count the run's move in the funnel without reading the row again. Not a column.
    /// </summary>
    internal Persistence.StoredRunPosition? Stored { get; set; }

    public bool IsTerminal => Status is not (FlowInstanceStatus.Running or FlowInstanceStatus.Suspended);
}
