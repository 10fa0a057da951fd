namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// A flow of an environment as <c>/v1/…/flows</c> shows it: its published versions, the one new sign-ins run,
/// whether unpublished changes wait in a draft, and which applications use it.
/// </summary>
public sealed record FlowSummaryResource
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The newest published version; null when the flow has only a draft.</summary>
    public int? LatestVersion { get; init; }

    /// <summary>The version sign-ins start on unless an application pins one; null when nothing is published.</summary>
    public int? DefaultVersion { get; init; }

    /// <summary>A version that takes a share of new sign-ins from the default; null when none does.</summary>
    public FlowRolloutResource? Rollout { get; init; }

    public bool HasDraft { get; init; }

    public DateTimeOffset? DraftUpdatedAt { get; init; }

    /// <summary>Whether applications without a flow of their own run this one.</summary>
    public bool IsEnvironmentDefault { get; init; }

    /// <summary>The applications bound to this flow.</summary>
    public required IReadOnlyList<FlowApplicationResource> Applications { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A version being rolled out: the share of new sign-ins it takes, in percent, since when.</summary>
public sealed record FlowRolloutResource(int Version, int Percent, DateTimeOffset StartedAt);

/// <summary>An application bound to a flow, and the version it pins (null: the flow's default version).</summary>
public sealed record FlowApplicationResource(string ClientId, string? Name, int? Version);

/// <summary>The body of <c>POST …/flows/{flowId}/clone</c>: the new flow's id, and optionally its name and source version.</summary>
public sealed record FlowCloneRequest(string Id, string? Name, int? Version);
