using Flows.AuthServer.Administration;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Data;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Every rule of an environment's flows, for <c>/v1</c> and the designer alike (nothing here needs HTTP): reads are
/// <see cref="FlowCatalog"/>'s, draft edits <see cref="FlowDraftEditor"/>'s, validation <see cref="FlowDraftValidation"/>'s,
/// publishing, rollback and deletion <see cref="FlowReleases"/>'. A write happens only while the flow meets its
/// <see cref="FlowPrecondition"/>, and a write that happened is logged by the actor's name under its
/// <see cref="AuditActions"/> name, once, whichever surface asked for it.
/// </summary>
public sealed class FlowDefinitionService(
    FlowCatalog catalog,
    FlowDraftEditor drafts,
    FlowDraftValidation validation,
    FlowReleases releases,
    FlowRollouts rollouts,
    FlowActivityCatalog activities,
    ServerDbContext db,
    AuditLog audit)
{
    public Task<FlowServiceResult<ListPage<FlowSummaryResource>>> ListAsync(string environmentId, PageRequest page, CancellationToken cancellationToken) =>
        catalog.ListAsync(environmentId, page, cancellationToken);

    public Task<FlowServiceResult<FlowSummaryResource>> GetAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        catalog.GetAsync(environmentId, flowId, cancellationToken);

    /// <summary>A new flow whose draft is <paramref name="definition"/>; its id must be new to the environment.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> CreateAsync(
        string environmentId, FlowDefinition definition, AuditActor actor, CancellationToken cancellationToken) =>
        await AuditedAsync(await drafts.CreateAsync(environmentId, definition, cancellationToken),
            environmentId, AuditActions.FlowCreated, StatusCodes.Status201Created, actor);

    /// <summary>Makes <paramref name="definition"/> the draft of the flow its id names, creating the flow when needed.</summary>
    public async Task<FlowServiceResult<ImportedFlow>> ImportAsync(
        string environmentId, FlowDefinition definition, AuditActor actor, CancellationToken cancellationToken)
    {
        var imported = await drafts.ImportAsync(environmentId, definition, cancellationToken);
        var status = imported.Value?.Created == true ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        return await AuditedAsync(imported, environmentId, AuditActions.FlowImported, status, actor);
    }

    public async Task<FlowServiceResult<FlowSummaryResource>> CloneAsync(
        string environmentId, string flowId, FlowCloneRequest request, AuditActor actor, CancellationToken cancellationToken) =>
        await AuditedAsync(await drafts.CloneAsync(environmentId, flowId, request, cancellationToken),
            environmentId, AuditActions.FlowCloned, StatusCodes.Status201Created, actor);

    public async Task<FlowServiceResult<bool>> DeleteAsync(
        string environmentId, string flowId, FlowPrecondition precondition, AuditActor actor, CancellationToken cancellationToken) =>
        await AuditedAsync(await releases.DeleteAsync(environmentId, flowId, precondition, cancellationToken),
            environmentId, AuditActions.FlowDeleted, StatusCodes.Status204NoContent, actor);

    public Task<FlowServiceResult<FlowDraft>> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        catalog.GetDraftAsync(environmentId, flowId, cancellationToken);

    public async Task<FlowServiceResult<FlowDraft>> SaveDraftAsync(
        string environmentId, string flowId, FlowDefinition definition, FlowPrecondition precondition, AuditActor actor,
        CancellationToken cancellationToken) =>
        await AuditedAsync(await drafts.SaveDraftAsync(environmentId, flowId, definition, precondition, cancellationToken),
            environmentId, AuditActions.FlowDraftSaved, StatusCodes.Status200OK, actor);

    public async Task<FlowServiceResult<bool>> DeleteDraftAsync(
        string environmentId, string flowId, FlowPrecondition precondition, AuditActor actor, CancellationToken cancellationToken) =>
        await AuditedAsync(await drafts.DeleteDraftAsync(environmentId, flowId, precondition, cancellationToken),
            environmentId, AuditActions.FlowDraftDeleted, StatusCodes.Status204NoContent, actor);

    /// <summary>Validates <paramref name="definition"/>, or the draft when it is null; changes nothing, so logs nothing.</summary>
    public Task<FlowServiceResult<FlowValidationResource>> ValidateAsync(
        string environmentId, string flowId, FlowDefinition? definition, CancellationToken cancellationToken) =>
        validation.ValidateAsync(environmentId, flowId, definition, cancellationToken);

    /// <summary>
    /// Publishes the draft as the next immutable version, which becomes the default or, with
    /// <paramref name="rolloutPercent"/>, takes that share of new sign-ins.
    /// </summary>
    public async Task<FlowServiceResult<FlowVersionResource>> PublishAsync(
        string environmentId, string flowId, string? note, FlowPrecondition precondition, AuditActor actor, CancellationToken cancellationToken,
        int? rolloutPercent = null) =>
        await AuditedAsync(await releases.PublishAsync(environmentId, flowId, note, precondition, cancellationToken, rolloutPercent),
            environmentId, AuditActions.FlowPublished, StatusCodes.Status201Created, actor);

    public Task<FlowServiceResult<List<FlowVersionResource>>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken) =>
        catalog.ListVersionsAsync(environmentId, flowId, cancellationToken);

    /// <summary>A published version's definition (export).</summary>
    public Task<FlowServiceResult<FlowDefinition>> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken) =>
        catalog.GetVersionAsync(environmentId, flowId, version, cancellationToken);

    /// <summary>Rolls the default back (or forward) to a published version.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> SetDefaultVersionAsync(
        string environmentId, string flowId, int version, FlowPrecondition precondition, AuditActor actor, CancellationToken cancellationToken) =>
        await AuditedAsync(await releases.SetDefaultVersionAsync(environmentId, flowId, version, precondition, cancellationToken),
            environmentId, AuditActions.FlowDefaultVersionSet, StatusCodes.Status200OK, actor);

    /// <summary>Makes a published version take a share of new sign-ins from the default.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> StartRolloutAsync(
        string environmentId, string flowId, int version, int percent, FlowPrecondition precondition, AuditActor actor,
        CancellationToken cancellationToken) =>
        await AuditedAsync(await rollouts.StartAsync(environmentId, flowId, version, percent, precondition, cancellationToken),
            environmentId, AuditActions.FlowRolloutSet, StatusCodes.Status200OK, actor);

    public async Task<FlowServiceResult<FlowSummaryResource>> StopRolloutAsync(
        string environmentId, string flowId, FlowPrecondition precondition, AuditActor actor, CancellationToken cancellationToken) =>
        await AuditedAsync(await rollouts.StopAsync(environmentId, flowId, precondition, cancellationToken),
            environmentId, AuditActions.FlowRolloutStopped, StatusCodes.Status200OK, actor);

    public async Task<FlowServiceResult<FlowSummaryResource>> PromoteRolloutAsync(
        string environmentId, string flowId, FlowPrecondition precondition, AuditActor actor, CancellationToken cancellationToken) =>
        await AuditedAsync(await rollouts.PromoteAsync(environmentId, flowId, precondition, cancellationToken),
            environmentId, AuditActions.FlowRolloutPromoted, StatusCodes.Status200OK, actor);

    public IReadOnlyList<FlowActivityResource> Activities => activities.All;

    /// <summary>
    /// Logs a write that happened. The flow's row is written by conditional statements, each its own transaction, so
    /// the entry follows in a save of its own that the caller's going away does not cut short.
    /// </summary>
    private async Task<FlowServiceResult<T>> AuditedAsync<T>(
        FlowServiceResult<T> result, string environmentId, string action, int status, AuditActor actor)
    {
        if (result.Succeeded)
        {
            await audit.RecordAsync(db, actor, environmentId, action, status);
        }

        return result;
    }
}
