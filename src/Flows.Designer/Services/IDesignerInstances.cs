using Flows.Engine.Definitions;
using Flows.Engine.Instances;

namespace Flows.Designer.Services;

/// <summary>Flow instances for the operator console: list and filter, inspect one with its journal, cancel.</summary>
public interface IDesignerInstances
{
    /// <summary>One page of instances, newest first; <paramref name="cursor"/> is the previous page's <see cref="DesignerInstancePage.Next"/>.</summary>
    Task<DesignerInstancePage> ListAsync(DesignerInstanceFilter filter, string? cursor, int pageSize, CancellationToken cancellationToken = default);

    Task<DesignerInstanceDetail?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a running or suspended instance of the environment. <paramref name="etag"/> is the
    /// <see cref="DesignerInstanceDetail.ETag"/> of what was shown: an instance that moved on meanwhile is not cancelled.
    /// Returns null when cancelled, else why not, to show.
    /// </summary>
    Task<string?> CancelAsync(string environmentId, string instanceId, string? etag = null, CancellationToken cancellationToken = default);
}

/// <summary>What the operator filters on; every criterion is optional.</summary>
public sealed record DesignerInstanceFilter
{
    public string? EnvironmentId { get; init; }

    public string? ApplicationId { get; init; }

    public FlowInstanceStatus? Status { get; init; }

    /// <summary>Only instances younger than this.</summary>
    public TimeSpan? MaxAge { get; init; }

    public string? UserId { get; init; }
}

/// <summary>One page of instances and the cursor of the next (null on the last page).</summary>
public sealed record DesignerInstancePage(IReadOnlyList<DesignerInstanceSummary> Items, string? Next);

/// <summary>A line of the instance list.</summary>
public sealed record DesignerInstanceSummary(
    string Id,
    string EnvironmentId,
    string? ApplicationId,
    string DefinitionId,
    int DefinitionVersion,
    FlowInstanceStatus Status,
    string? CurrentNodeId,
    string? WaitingFor,
    string? UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt)
{
    public bool CanCancel => Status is FlowInstanceStatus.Running or FlowInstanceStatus.Suspended;
}

/// <summary>An instance with its journal and the definition version it runs, for the inspector.</summary>
public sealed record DesignerInstanceDetail(
    DesignerInstanceSummary Instance,
    IReadOnlyList<DesignerJournalStep> Journal,
    FlowDefinition? Definition,
    string? ErrorCode)
{
    /// <summary>Identifies this state of the instance, for a cancel that must not hit one that moved on.</summary>
    public string? ETag { get; init; }
}

/// <summary>One executed step.</summary>
public sealed record DesignerJournalStep(
    int Sequence,
    string NodeId,
    string ActivityType,
    string? Action,
    FlowStepResult Result,
    string? Outcome,
    string? ErrorCode,
    DateTimeOffset StartedAt,
    TimeSpan Duration);
