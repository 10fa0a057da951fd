using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.Designer.Services;

/// <summary>Flow definitions as the designer edits them: drafts, validation, publishing and version history.</summary>
public interface IDesignerFlows
{
    Task<IReadOnlyList<DesignerFlowSummary>> ListAsync(string environmentId, CancellationToken cancellationToken = default);

    /// <summary>The flow's draft, or a copy of its latest version when it has no unpublished changes; null for an unknown flow.</summary>
    Task<DesignerFlowDraft?> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken = default);

    Task<FlowDefinition?> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default);

    Task SaveDraftAsync(string environmentId, FlowDefinition draft, CancellationToken cancellationToken = default);

    IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition);

    /// <summary>Publishes the definition as the flow's next version, only when it validates.</summary>
    Task<DesignerPublishResult> PublishAsync(string environmentId, FlowDefinition definition, string? note, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default);

    /// <summary>Publishes an earlier version's content again as the newest version, so new sign-ins run it.</summary>
    Task<DesignerPublishResult> RollbackAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default);
}

/// <summary>A line of the flow list.</summary>
public sealed record DesignerFlowSummary(string Id, string Name, int? LatestVersion, bool HasDraft, DateTimeOffset? UpdatedAt);

/// <summary>What the editor opens: the definition and whether it holds unpublished changes.</summary>
public sealed record DesignerFlowDraft(FlowDefinition Definition, int? LatestVersion, bool HasUnpublishedChanges);

/// <summary>A published version of a flow.</summary>
public sealed record DesignerFlowVersion(int Version, string Name, DateTimeOffset PublishedAt, string? Note);

/// <summary>The version published, or the problems that prevented it.</summary>
public sealed record DesignerPublishResult(int? Version, IReadOnlyList<FlowValidationProblem> Problems)
{
    public bool Succeeded => Version is not null;
}
