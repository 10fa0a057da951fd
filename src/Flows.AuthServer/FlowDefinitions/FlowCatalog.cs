using Flows.AuthServer.Administration;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>Reads the flows of an environment: the list, one flow, its draft, its versions and a version's definition.</summary>
public sealed class FlowCatalog(EnvironmentCatalog environments, ManagedFlowStore flows, IFlowDefinitionStore definitions)
{
    /// <summary>The flows ordered by id, a page at a time; <c>next</c> is the cursor of the following page.</summary>
    public async Task<FlowServiceResult<ListPage<FlowSummaryResource>>> ListAsync(
        string environmentId, PageRequest page, CancellationToken cancellationToken)
    {
        if (await environments.FindAsync(environmentId, cancellationToken) is not { } environment)
        {
            return MissingEnvironment(environmentId);
        }

        var problems = new List<FieldProblem>();
        var afterId = page.AfterKey(problems);
        if (problems.Count > 0)
        {
            return FlowError.Invalid(problems);
        }

        await flows.EnsureAsync(environment, cancellationToken);
        var rows = await flows.PageAsync(environmentId, afterId, page.PageSize + 1, cancellationToken);
        var bindings = await flows.BindingsAsync(environmentId, flowId: null, cancellationToken);
        var items = new List<FlowSummaryResource>();
        foreach (var row in rows.Take(page.PageSize))
        {
            items.Add(await SummaryAsync(environment, row, bindings[row.DefinitionId], cancellationToken));
        }

        return FlowServiceResult<ListPage<FlowSummaryResource>>.Ok(
            new ListPage<FlowSummaryResource>(items, page.NextAfter(rows, f => f.DefinitionId)));
    }

    public async Task<FlowServiceResult<FlowSummaryResource>> GetAsync(string environmentId, string flowId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var (environment, record) = found.Value!;
        var bindings = await flows.BindingsAsync(environmentId, flowId, cancellationToken);
        return FlowServiceResult<FlowSummaryResource>.Ok(await SummaryAsync(environment, record, bindings[flowId], cancellationToken));
    }

    public async Task<FlowServiceResult<FlowDraft>> GetDraftAsync(string environmentId, string flowId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        return FlowDrafts.Of(found.Value!.Record) is { } draft
            ? FlowServiceResult<FlowDraft>.Ok(draft)
            : FlowError.Missing($"A draft of flow '{flowId}'");
    }

    /// <summary>The published versions, newest first.</summary>
    public async Task<FlowServiceResult<List<FlowVersionResource>>> ListVersionsAsync(
        string environmentId, string flowId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var versions = await definitions.ListVersionsAsync(environmentId, flowId, cancellationToken);
        var defaultVersion = found.Value!.Record.DefaultVersion ?? versions.LastOrDefault()?.Version;
        return FlowServiceResult<List<FlowVersionResource>>.Ok(versions
            .OrderByDescending(v => v.Version)
            .Select(v => new FlowVersionResource(v.Version, v.Name, v.PublishedAt, v.Note, v.Version == defaultVersion))
            .ToList());
    }

    /// <summary>A published version's definition, as export writes it and import reads it.</summary>
    public async Task<FlowServiceResult<FlowDefinition>> GetVersionAsync(
        string environmentId, string flowId, int version, CancellationToken cancellationToken)
    {
        var found = await FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        return await definitions.FindAsync(environmentId, flowId, version, cancellationToken) is { } definition
            ? FlowServiceResult<FlowDefinition>.Ok(definition)
            : FlowError.Missing($"Version {version} of flow '{flowId}'");
    }

    public ValueTask<EnvironmentRecord?> EnvironmentAsync(string environmentId, CancellationToken cancellationToken) =>
        environments.FindAsync(environmentId, cancellationToken);

    public static FlowError MissingEnvironment(string environmentId) => FlowError.Missing($"Environment '{environmentId}'");

    /// <summary>The environment and the flow's row, or NotFound for either.</summary>
    public async Task<FlowServiceResult<FoundFlow>> FindAsync(string environmentId, string flowId, CancellationToken cancellationToken)
    {
        if (await environments.FindAsync(environmentId, cancellationToken) is not { } environment)
        {
            return MissingEnvironment(environmentId);
        }

        return await flows.FindAsync(environment, flowId, cancellationToken) is { } record
            ? FlowServiceResult<FoundFlow>.Ok(new FoundFlow(environment, record))
            : FlowError.Missing($"Flow '{flowId}' in environment '{environmentId}'");
    }

    /// <summary>Whether <paramref name="precondition"/> holds for the flow as <paramref name="found"/> read it, the row a write then guards.</summary>
    public async Task<bool> MeetsAsync(FoundFlow found, FlowPrecondition precondition, CancellationToken cancellationToken)
    {
        var flowETag = precondition.NeedsFlowETag ? ManagementETags.Of(await SummaryOfAsync(found, cancellationToken)) : null;
        return precondition.IsMetBy(FlowDrafts.Of(found.Record)?.ETag, flowETag);
    }

    /// <summary>The flow as <c>/v1</c> shows it, from the row <paramref name="found"/> read.</summary>
    public async Task<FlowSummaryResource> SummaryOfAsync(FoundFlow found, CancellationToken cancellationToken)
    {
        var (environment, record) = found;
        var bindings = await flows.BindingsAsync(environment.Id, record.DefinitionId, cancellationToken);
        return await SummaryAsync(environment, record, bindings[record.DefinitionId], cancellationToken);
    }

    private async Task<FlowSummaryResource> SummaryAsync(
        EnvironmentRecord environment, ManagedFlowRecord record, IEnumerable<BoundApplication> bound, CancellationToken cancellationToken)
    {
        var versions = await definitions.ListVersionsAsync(environment.Id, record.DefinitionId, cancellationToken);
        var latest = versions.Count == 0 ? (int?)null : versions.Max(v => v.Version);
        return new FlowSummaryResource
        {
            Id = record.DefinitionId,
            Name = record.Name,
            LatestVersion = latest,
            DefaultVersion = record.DefaultVersion ?? latest,
            Rollout = record is { RolloutVersion: { } rolloutVersion, RolloutPercent: { } percent }
                ? new FlowRolloutResource(rolloutVersion, percent, record.RolloutStartedAt ?? record.UpdatedAt)
                : null,
            HasDraft = record.DraftJson is not null,
            DraftUpdatedAt = record.DraftJson is null ? null : record.DraftUpdatedAt,
            IsEnvironmentDefault = environment.DefaultFlowId == record.DefinitionId,
            Applications = bound.Select(a => new FlowApplicationResource(a.ClientId, a.Name, a.Version)).ToList(),
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
        };
    }
}

/// <summary>A flow's environment and row, as a write starts from.</summary>
public sealed record FoundFlow(EnvironmentRecord Environment, ManagedFlowRecord Record);
