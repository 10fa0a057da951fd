using Flows.AuthServer.Administration;
using Flows.AuthServer.FlowDefinitions;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// The designer's flows through <see cref="FlowDefinitionService"/>, the service behind <c>/v1</c>: same rules,
/// same ETags, and every change audited by the service as the signed-in administrator's. Each call uses its own scope: a
/// Blazor circuit lives long, a DbContext should not.
/// </summary>
public sealed class ServerDesignerFlows(IServiceScopeFactory scopes, FlowDefinitionValidator validator, DesignerActor actors) : IDesignerFlows
{
    private const int PageSize = 100;

    public async Task<IReadOnlyList<DesignerFlowSummary>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = Service(scope);
        var flows = new List<DesignerFlowSummary>();
        string? after = null;
        do
        {
            var page = await service.ListAsync(environmentId, new PageRequest(PageSize, after), cancellationToken);
            if (page.Value is not { } list)
            {
                return [];
            }

            flows.AddRange(list.Items.Select(Summarize));
            after = list.Next;
        }
        while (after is not null);

        return flows.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<DesignerFlowDraft?> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = Service(scope);
        if ((await service.GetAsync(environmentId, flowId, cancellationToken)).Value is not { } flow)
        {
            return null;
        }

        if ((await service.GetDraftAsync(environmentId, flowId, cancellationToken)).Value is { } draft)
        {
            return new DesignerFlowDraft(draft.Definition, flow.LatestVersion, HasUnpublishedChanges: true, draft.ETag) { DefaultVersion = flow.DefaultVersion };
        }

        // The published version is shared (cached, immutable): the editor gets its own copy.
        return flow.DefaultVersion is { } version && (await service.GetVersionAsync(environmentId, flowId, version, cancellationToken)).Value is { } published
            ? new DesignerFlowDraft(Copy(published), flow.LatestVersion, HasUnpublishedChanges: false) { DefaultVersion = version }
            : null;
    }

    public async Task<FlowDefinition?> GetVersionAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await Service(scope).GetVersionAsync(environmentId, flowId, version, cancellationToken)).Value is { } found ? Copy(found) : null;
    }

    public async Task<DesignerFlowResult> CreateAsync(string environmentId, string flowId, string name, CancellationToken cancellationToken = default)
    {
        // An empty draft: the first node the administrator adds becomes the start.
        var blank = new FlowDefinition { Id = flowId.Trim(), Name = name.Trim(), Start = "" };
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Post, FlowPath(blank.Id));
        return Outcome(await Service(scope).CreateAsync(environmentId, blank, actor, cancellationToken));
    }

    public async Task<DesignerFlowResult> ImportAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Post, FlowPath(definition.Id));
        return Outcome(await Service(scope).ImportAsync(environmentId, definition, actor, cancellationToken));
    }

    public async Task<DesignerFlowResult> CloneAsync(string environmentId, string flowId, string newId, string? newName, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Post, FlowPath(flowId) + "/clone");
        return Outcome(await Service(scope).CloneAsync(environmentId, flowId, new FlowCloneRequest(newId.Trim(), newName, null), actor, cancellationToken));
    }

    public async Task<DesignerFlowResult> DeleteAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Delete, FlowPath(flowId));
        return Outcome(await Service(scope).DeleteAsync(environmentId, flowId, FlowPrecondition.Flow(expectedETag), actor, cancellationToken));
    }

    /// <remarks>The list knows the flow's ETag, not the draft's; a draft saved since the list was read changed the flow's.</remarks>
    public async Task<DesignerFlowResult> DeleteDraftAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Delete, FlowPath(flowId) + "/draft");
        return Outcome(await Service(scope).DeleteDraftAsync(environmentId, flowId, FlowPrecondition.Flow(expectedETag), actor, cancellationToken));
    }

    /// <remarks>Opened without a draft (no ETag): a draft saved since then is someone else's, not ours to overwrite.</remarks>
    public async Task<DesignerFlowResult> SaveDraftAsync(string environmentId, FlowDefinition draft, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Put, FlowPath(draft.Id) + "/draft");
        var precondition = expectedETag is null ? FlowPrecondition.NoDraft : FlowPrecondition.Draft(expectedETag);
        var saved = await Service(scope).SaveDraftAsync(environmentId, draft.Id, Copy(draft), precondition, actor, cancellationToken);
        return Outcome(saved) with { ETag = saved.Value?.ETag };
    }

    public IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition) => validator.Validate(definition);

    public async Task<DesignerFlowResult> PublishAsync(
        string environmentId, string flowId, string? note, string? expectedETag, int? rolloutPercent = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Post, FlowPath(flowId) + "/publish");
        var published = await Service(scope).PublishAsync(
            environmentId, flowId, note, FlowPrecondition.Draft(expectedETag), actor, cancellationToken, rolloutPercent);
        return Outcome(published) with { Version = published.Value?.Version };
    }

    public async Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var versions = (await Service(scope).ListVersionsAsync(environmentId, flowId, cancellationToken)).Value ?? [];
        return versions.Select(v => new DesignerFlowVersion(v.Version, v.Name, v.PublishedAt, v.Note, v.IsDefault)).ToList();
    }

    public async Task<DesignerFlowResult> RollbackAsync(
        string environmentId, string flowId, int version, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Put, FlowPath(flowId) + "/default");
        var rolledBack = await Service(scope).SetDefaultVersionAsync(
            environmentId, flowId, version, FlowPrecondition.Flow(expectedETag), actor, cancellationToken);
        return Outcome(rolledBack) with { Version = rolledBack.Succeeded ? version : null };
    }

    public async Task<DesignerFlowResult> StartRolloutAsync(
        string environmentId, string flowId, int version, int percent, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Put, FlowPath(flowId) + "/rollout");
        var started = await Service(scope).StartRolloutAsync(
            environmentId, flowId, version, percent, FlowPrecondition.Flow(expectedETag), actor, cancellationToken);
        return Outcome(started) with { Version = started.Succeeded ? version : null };
    }

    public async Task<DesignerFlowResult> StopRolloutAsync(
        string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Delete, FlowPath(flowId) + "/rollout");
        return Outcome(await Service(scope).StopRolloutAsync(environmentId, flowId, FlowPrecondition.Flow(expectedETag), actor, cancellationToken));
    }

    public async Task<DesignerFlowResult> PromoteRolloutAsync(
        string environmentId, string flowId, string? expectedETag = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var actor = await actors.OfAsync(HttpMethods.Post, FlowPath(flowId) + "/rollout/promote");
        var promoted = await Service(scope).PromoteRolloutAsync(environmentId, flowId, FlowPrecondition.Flow(expectedETag), actor, cancellationToken);
        return Outcome(promoted) with { Version = promoted.Value?.DefaultVersion };
    }

    /// <summary>Success, or the service's refusal in the catalog's words, with the validator's problems per node.</summary>
    private static DesignerFlowResult Outcome<T>(FlowServiceResult<T> result)
    {
        if (result.Error is not { } error)
        {
            return DesignerFlowResult.Ok;
        }

        var kind = error.Kind switch
        {
            FlowErrorKind.NotFound => DesignerFlowError.NotFound,
            FlowErrorKind.AlreadyExists => DesignerFlowError.AlreadyExists,
            FlowErrorKind.Conflict => DesignerFlowError.Conflict,
            FlowErrorKind.Stale => DesignerFlowError.Stale,
            FlowErrorKind.InvalidDefinition => DesignerFlowError.InvalidDefinition,
            _ => DesignerFlowError.Invalid,
        };
        return DesignerFlowResult.Failed(kind, DesignerMessages.Of(error.ToServiceError())) with { Problems = error.Problems };
    }

    private static DesignerFlowSummary Summarize(FlowSummaryResource flow) => new(
        flow.Id, flow.Name, flow.LatestVersion, flow.DefaultVersion, flow.HasDraft, flow.DraftUpdatedAt,
        flow.Applications.Select(a => new DesignerFlowApplication(a.ClientId, a.Name ?? a.ClientId, a.Version)).ToList())
    {
        IsEnvironmentDefault = flow.IsEnvironmentDefault,
        Rollout = flow.Rollout is { } rollout ? new DesignerFlowRollout(rollout.Version, rollout.Percent) : null,
        ETag = ManagementETags.Of(flow),
    };

    /// <summary>The flow's path under the designer's, for the audit entry.</summary>
    private static string FlowPath(string flowId) => $"/flows/{Uri.EscapeDataString(flowId)}";

    private static FlowDefinitionService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<FlowDefinitionService>();

    private static FlowDefinition Copy(FlowDefinition definition) =>
        FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(definition));
}
