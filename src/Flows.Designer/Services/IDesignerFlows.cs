using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.Designer.Services;

/// <summary>
/// Flow definitions as the designer manages them: the list, drafts (saved with the ETag they were read with, so
/// nobody's changes are overwritten silently), publishing, version history and the default version.
/// </summary>
public interface IDesignerFlows
{
    Task<IReadOnlyList<DesignerFlowSummary>> ListAsync(string environmentId, CancellationToken cancellationToken = default);

    /// <summary>The flow's draft, or a copy of its default version when it has no unpublished changes; null for an unknown flow.</summary>
    Task<DesignerFlowDraft?> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken = default);

    Task<FlowDefinition?> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default);

    /// <summary>A new flow with an empty draft the editor fills.</summary>
    Task<DesignerFlowResult> CreateAsync(string environmentId, string flowId, string name, CancellationToken cancellationToken = default);

    /// <summary>Makes the definition the draft of the flow its id names, creating the flow when needed.</summary>
    Task<DesignerFlowResult> ImportAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>A new flow whose draft copies this flow's draft (or its default version).</summary>
    Task<DesignerFlowResult> CloneAsync(string environmentId, string flowId, string newId, string? newName, CancellationToken cancellationToken = default);

    /// <summary>Removes a flow no application uses; running sign-ins finish on their version.</summary>
    /// <remarks><paramref name="expectedETag"/> is the listed flow's: a flow changed since it was listed is not deleted.</remarks>
    Task<DesignerFlowResult> DeleteAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Discards the unpublished changes.</summary>
    /// <remarks><paramref name="expectedETag"/> is the listed flow's: a draft saved since it was listed is not discarded.</remarks>
    Task<DesignerFlowResult> DeleteDraftAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the draft when it is still the one read with <paramref name="expectedETag"/> (null: the flow had no
    /// draft when it was opened); the result carries the new ETag, or <see cref="DesignerFlowError.Stale"/>.
    /// </summary>
    Task<DesignerFlowResult> SaveDraftAsync(string environmentId, FlowDefinition draft, string? expectedETag, CancellationToken cancellationToken = default);

    IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition);

    /// <summary>
    /// Publishes the saved draft as the next version when it still has <paramref name="expectedETag"/> and validates: the
    /// new default or, with <paramref name="rolloutPercent"/>, a version that takes that share of new sign-ins first.
    /// </summary>
    Task<DesignerFlowResult> PublishAsync(
        string environmentId, string flowId, string? note, string? expectedETag, int? rolloutPercent = null, CancellationToken cancellationToken = default);

    /// <summary>The published versions, newest first.</summary>
    Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default);

    /// <summary>Makes a published version the default again: new sign-ins run it; no version is published.</summary>
    /// <remarks><paramref name="expectedETag"/> is the listed flow's: a flow changed since it was listed keeps its default.</remarks>
    Task<DesignerFlowResult> RollbackAsync(
        string environmentId, string flowId, int version, string? expectedETag = null, CancellationToken cancellationToken = default);

    /// <summary>Makes a published version take <paramref name="percent"/> of new sign-ins; the rest run the default.</summary>
    Task<DesignerFlowResult> StartRolloutAsync(
        string environmentId, string flowId, int version, int percent, string? expectedETag = null, CancellationToken cancellationToken = default);

    /// <summary>Ends the rollout: every new sign-in runs the default again.</summary>
    Task<DesignerFlowResult> StopRolloutAsync(string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default);

    /// <summary>Makes the version being rolled out the default for every new sign-in.</summary>
    Task<DesignerFlowResult> PromoteRolloutAsync(string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default);
}

/// <summary>A line of the flow list: versions, draft state and the applications that run the flow.</summary>
public sealed record DesignerFlowSummary(
    string Id,
    string Name,
    int? LatestVersion,
    int? DefaultVersion,
    bool HasDraft,
    DateTimeOffset? DraftUpdatedAt,
    IReadOnlyList<DesignerFlowApplication> Applications)
{
    public bool IsEnvironmentDefault { get; init; }

    /// <summary>A version taking a share of new sign-ins from the default; null when none does.</summary>
    public DesignerFlowRollout? Rollout { get; init; }

    /// <summary>The flow's version as listed, for deletes that must not hit a flow someone changed meanwhile.</summary>
    public string? ETag { get; init; }
}

/// <summary>A version being rolled out and the share of new sign-ins, in percent, it takes.</summary>
public sealed record DesignerFlowRollout(int Version, int Percent);

/// <summary>An application bound to a flow, and the version it pins (null: the default).</summary>
public sealed record DesignerFlowApplication(string ClientId, string Name, int? Version);

/// <summary>
/// What the editor opens: the definition, whether it holds unpublished changes, and the draft's ETag to save
/// against (null when there is no draft yet).
/// </summary>
public sealed record DesignerFlowDraft(FlowDefinition Definition, int? LatestVersion, bool HasUnpublishedChanges, string? ETag = null)
{
    public int? DefaultVersion { get; init; }
}

/// <summary>A published version of a flow.</summary>
public sealed record DesignerFlowVersion(int Version, string Name, DateTimeOffset PublishedAt, string? Note, bool IsDefault = false);

/// <summary>Why a designer call did not happen.</summary>
public enum DesignerFlowError
{
    NotFound,
    AlreadyExists,
    Conflict,

    /// <summary>Someone else saved or published the draft since it was opened.</summary>
    Stale,
    Invalid,

    /// <summary>The definition does not validate; see <see cref="DesignerFlowResult.Problems"/>.</summary>
    InvalidDefinition,

    /// <summary>The administrator may not change flows (see <see cref="DesignerPolicies.Write"/>).</summary>
    Forbidden,
}

/// <summary>How a designer call ended: the draft's new ETag or the version published, or the error and a message for a person.</summary>
public sealed record DesignerFlowResult
{
    public DesignerFlowError? Error { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<FlowValidationProblem> Problems { get; init; } = [];

    public string? ETag { get; init; }

    public int? Version { get; init; }

    public bool Succeeded => Error is null;

    public static DesignerFlowResult Ok { get; } = new();

    public static DesignerFlowResult Failed(DesignerFlowError error, string message) => new() { Error = error, Message = message };
}
