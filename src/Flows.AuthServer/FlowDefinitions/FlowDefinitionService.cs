using Flows.AuthServer.Administration;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Everything an administrator does with the flows of an environment, in one place for the management API and
/// the designer (which calls it in-process; nothing here needs HTTP). Reads are <see cref="FlowCatalog"/>'s,
/// draft edits <see cref="FlowDraftEditor"/>'s, validation <see cref="FlowDraftValidation"/>'s, publishing, rollback and deletion <see cref="FlowReleases"/>'.
/// Writes that take an <c>expectedETag</c> happen only while the draft (or flow) still has that ETag.
/// </summary>
public sealed class FlowDefinitionService(
    FlowCatalog catalog, FlowDraftEditor drafts, FlowDraftValidation validation, FlowReleases releases, FlowActivityCatalog activities)
{
    public Task<FlowServiceResult<ListPage<FlowSummaryResource>>> ListAsync(string environmentId, PageRequest page, CancellationToken cancellationToken) =>
        catalog.ListAsync(environmentId, page, cancellationToken);

    public Task<FlowServiceResult<FlowSummaryResource>> GetAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        catalog.GetAsync(environmentId, flowId, cancellationToken);

    public Task<FlowServiceResult<FlowSummaryResource>> CreateAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken) =>
        drafts.CreateAsync(environmentId, definition, cancellationToken);

    public Task<FlowServiceResult<ImportedFlow>> ImportAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken) =>
        drafts.ImportAsync(environmentId, definition, cancellationToken);

    public Task<FlowServiceResult<FlowSummaryResource>> CloneAsync(
        string environmentId, string flowId, FlowCloneRequest request, CancellationToken cancellationToken) =>
        drafts.CloneAsync(environmentId, flowId, request, cancellationToken);

    public Task<FlowServiceResult<bool>> DeleteAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken) =>
        releases.DeleteAsync(environmentId, flowId, expectedETag, cancellationToken);

    public Task<FlowServiceResult<FlowDraft>> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        catalog.GetDraftAsync(environmentId, flowId, cancellationToken);

    public Task<FlowServiceResult<FlowDraft>> SaveDraftAsync(
        string environmentId, string flowId, FlowDefinition definition, string? expectedETag, CancellationToken cancellationToken) =>
        drafts.SaveDraftAsync(environmentId, flowId, definition, expectedETag, cancellationToken);

    public Task<FlowServiceResult<bool>> DeleteDraftAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken) =>
        drafts.DeleteDraftAsync(environmentId, flowId, expectedETag, cancellationToken);

    /// <summary>Validates <paramref name="definition"/>, or the draft when it is null.</summary>
    public Task<FlowServiceResult<FlowValidationResource>> ValidateAsync(
        string environmentId, string flowId, FlowDefinition? definition, CancellationToken cancellationToken) =>
        validation.ValidateAsync(environmentId, flowId, definition, cancellationToken);

    public Task<FlowServiceResult<FlowVersionResource>> PublishAsync(
        string environmentId, string flowId, string? note, string? expectedETag, CancellationToken cancellationToken) =>
        releases.PublishAsync(environmentId, flowId, note, expectedETag, cancellationToken);

    public Task<FlowServiceResult<List<FlowVersionResource>>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        catalog.ListVersionsAsync(environmentId, flowId, cancellationToken);

    /// <summary>A published version's definition (export).</summary>
    public Task<FlowServiceResult<FlowDefinition>> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken) =>
        catalog.GetVersionAsync(environmentId, flowId, version, cancellationToken);

    /// <summary>Rolls the default back (or forward) to a published version.</summary>
    public Task<FlowServiceResult<FlowSummaryResource>> SetDefaultVersionAsync(
        string environmentId, string flowId, int version, string? expectedETag, CancellationToken cancellationToken) =>
        releases.SetDefaultVersionAsync(environmentId, flowId, version, expectedETag, cancellationToken);

    public IReadOnlyList<FlowActivityResource> Activities => activities.All;
}
