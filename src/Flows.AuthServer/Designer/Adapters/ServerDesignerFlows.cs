using Flows.AuthServer.Administration;
using Flows.AuthServer.FlowDefinitions;
using Flows.Designer;
using Flows.Designer.Services;
using Flows.Engine.Definitions;
using Flows.Engine.Validation;

namespace Flows.AuthServer.Designer.Adapters;

/// <summary>
/// The designer's flows through <see cref="FlowDefinitionService"/>, the service behind <c>/v1</c>: same rules,
/// same ETags, and every change audited as the signed-in administrator's. Each call uses its own scope: a
/// Blazor circuit lives long, a DbContext should not.
/// </summary>
public sealed class ServerDesignerFlows(IServiceScopeFactory scopes, FlowDefinitionValidator validator, DesignerAudit audit) : IDesignerFlows
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
        var result = await Service(scope).CreateAsync(environmentId, blank, cancellationToken);
        return await AuditedAsync(result, environmentId, "flow.created", "POST", FlowPath(blank.Id));
    }

    public async Task<DesignerFlowResult> ImportAsync(string environmentId, FlowDefinition definition, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await Service(scope).ImportAsync(environmentId, definition, cancellationToken);
        return await AuditedAsync(result, environmentId, "flow.imported", "POST", FlowPath(definition.Id));
    }

    public async Task<DesignerFlowResult> CloneAsync(string environmentId, string flowId, string newId, string? newName, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await Service(scope).CloneAsync(environmentId, flowId, new FlowCloneRequest(newId.Trim(), newName, null), cancellationToken);
        return await AuditedAsync(result, environmentId, "flow.cloned", "POST", FlowPath(flowId) + "/clone");
    }

    public async Task<DesignerFlowResult> DeleteAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await Service(scope).DeleteAsync(environmentId, flowId, expectedETag, cancellationToken);
        return await AuditedAsync(result, environmentId, "flow.deleted", "DELETE", FlowPath(flowId));
    }

    public async Task<DesignerFlowResult> DeleteDraftAsync(string environmentId, string flowId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = Service(scope);

        // The list knows the flow's ETag, not the draft's; a draft saved since the list was read changed the flow's.
        if (expectedETag is not null && (await service.GetAsync(environmentId, flowId, cancellationToken)).Value is { } current
            && ManagementETags.Of(current) != expectedETag)
        {
            return Refused(FlowError.Stale());
        }

        var result = await service.DeleteDraftAsync(environmentId, flowId, expectedETag: null, cancellationToken);
        return await AuditedAsync(result, environmentId, "flow.draftDeleted", "DELETE", FlowPath(flowId) + "/draft");
    }

    public async Task<DesignerFlowResult> SaveDraftAsync(string environmentId, FlowDefinition draft, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var service = Service(scope);

        // Opened without a draft: a draft saved since then is someone else's, not ours to overwrite.
        if (expectedETag is null && (await service.GetDraftAsync(environmentId, draft.Id, cancellationToken)).Succeeded)
        {
            return Refused(FlowError.Stale());
        }

        var result = await service.SaveDraftAsync(environmentId, draft.Id, Copy(draft), expectedETag, cancellationToken);
        var outcome = await AuditedAsync(result, environmentId, "flow.draftSaved", "PUT", FlowPath(draft.Id) + "/draft");
        return outcome.Succeeded ? outcome with { ETag = result.Value!.ETag } : outcome;
    }

    public IReadOnlyList<FlowValidationProblem> Validate(FlowDefinition definition) => validator.Validate(definition);

    public async Task<DesignerFlowResult> PublishAsync(string environmentId, string flowId, string? note, string? expectedETag, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await Service(scope).PublishAsync(environmentId, flowId, note, expectedETag, cancellationToken);
        var outcome = await AuditedAsync(result, environmentId, "flow.published", "POST", FlowPath(flowId) + "/publish");
        return outcome.Succeeded ? outcome with { Version = result.Value!.Version } : outcome;
    }

    public async Task<IReadOnlyList<DesignerFlowVersion>> ListVersionsAsync(string environmentId, string flowId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var versions = (await Service(scope).ListVersionsAsync(environmentId, flowId, cancellationToken)).Value ?? [];
        return versions.Select(v => new DesignerFlowVersion(v.Version, v.Name, v.PublishedAt, v.Note, v.IsDefault)).ToList();
    }

    public async Task<DesignerFlowResult> RollbackAsync(string environmentId, string flowId, int version, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var result = await Service(scope).SetDefaultVersionAsync(environmentId, flowId, version, expectedETag: null, cancellationToken);
        var outcome = await AuditedAsync(result, environmentId, "flow.defaultVersionSet", "PUT", FlowPath(flowId) + "/default");
        return outcome.Succeeded ? outcome with { Version = version } : outcome;
    }

    private async Task<DesignerFlowResult> AuditedAsync<T>(
        FlowServiceResult<T> result, string environmentId, string action, string method, string path)
    {
        if (result.Error is { } error)
        {
            return Refused(error);
        }

        await audit.RecordAsync(environmentId, action, method, path);
        return DesignerFlowResult.Ok;
    }

    /// <summary>The service's refusal in words for the person at the designer.</summary>
    private static DesignerFlowResult Refused(FlowError error)
    {
        var (kind, message) = error.Kind switch
        {
            FlowErrorKind.NotFound => (DesignerFlowError.NotFound, $"{error.Detail} does not exist."),
            FlowErrorKind.AlreadyExists => (DesignerFlowError.AlreadyExists, $"{error.Detail} already exists; choose another id."),
            FlowErrorKind.Conflict => (DesignerFlowError.Conflict, error.Detail),
            FlowErrorKind.Stale => (DesignerFlowError.Stale,
                "Someone else changed this flow's draft since you opened it. Your changes were not saved: reload the flow to see theirs."),
            FlowErrorKind.InvalidDefinition => (DesignerFlowError.InvalidDefinition, $"The flow has {error.Problems.Count} problem(s) to fix before publishing."),
            _ => (DesignerFlowError.Invalid, string.Join(" ", error.Fields.Select(f => f.Message).DefaultIfEmpty(error.Detail))),
        };
        return DesignerFlowResult.Failed(kind, message) with { Problems = error.Problems };
    }

    private static DesignerFlowSummary Summarize(FlowSummaryResource flow) => new(
        flow.Id, flow.Name, flow.LatestVersion, flow.DefaultVersion, flow.HasDraft, flow.DraftUpdatedAt,
        flow.Applications.Select(a => new DesignerFlowApplication(a.ClientId, a.Name ?? a.ClientId, a.Version)).ToList())
    {
        IsEnvironmentDefault = flow.IsEnvironmentDefault,
        ETag = ManagementETags.Of(flow),
    };

    private static string FlowPath(string flowId) => $"{FlowsDesigner.BasePath}/flows/{Uri.EscapeDataString(flowId)}";

    private static FlowDefinitionService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<FlowDefinitionService>();

    private static FlowDefinition Copy(FlowDefinition definition) =>
        FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(definition));
}
