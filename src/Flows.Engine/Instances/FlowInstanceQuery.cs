namespace Flows.Engine.Instances;

/// <summary>A filter over instances for the operator console; every criterion is optional.</summary>
public sealed record FlowInstanceQuery
{
    public string? EnvironmentId { get; init; }

    public FlowInstanceStatus? Status { get; init; }

    public string? DefinitionId { get; init; }

    public int? DefinitionVersion { get; init; }

    public string? ApplicationId { get; init; }

    public string? UserId { get; init; }

    /// <summary>Only instances created at or after this time (younger than an age).</summary>
    public DateTimeOffset? CreatedAfter { get; init; }

    /// <summary>Only instances created before this time (older than an age).</summary>
    public DateTimeOffset? CreatedBefore { get; init; }

    public int PageSize { get; init; } = 50;

    /// <summary>The <see cref="FlowInstancePage.Next"/> of the previous page.</summary>
    public string? After { get; init; }
}

/// <summary>One page of instances, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record FlowInstancePage(IReadOnlyList<FlowInstance> Items, string? Next);
