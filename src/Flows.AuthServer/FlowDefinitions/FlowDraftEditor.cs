using Flows.AuthServer.Data;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Edits drafts: creates a flow from a definition, imports one (creating or replacing the draft), saves and
/// deletes a draft, clones a flow under a new id. A draft may be incomplete; only publishing requires a valid one.
/// </summary>
public sealed class FlowDraftEditor(FlowCatalog catalog, ManagedFlowStore flows, IFlowDefinitionStore definitions, SubFlowReferences subFlows)
{
    /// <summary>A new flow whose draft is <paramref name="definition"/>; its id must be new to the environment.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> CreateAsync(
        string environmentId, FlowDefinition definition, CancellationToken cancellationToken)
    {
        var problems = FlowDefinitionShape.Check(definition);
        if (problems.Count > 0)
        {
            return FlowError.Invalid(problems);
        }

        if (await catalog.EnvironmentAsync(environmentId, cancellationToken) is not { } environment)
        {
            return FlowCatalog.MissingEnvironment(environmentId);
        }

        // A deleted flow's versions stay for the sign-ins still running them; its id is not given out again.
        if (await flows.FindAsync(environment, definition.Id, cancellationToken) is not null
            || await definitions.FindLatestAsync(environmentId, definition.Id, cancellationToken) is not null
            || !await flows.TryAddAsync(flows.New(environmentId, definition), cancellationToken))
        {
            return Taken(environmentId, definition.Id);
        }

        return await catalog.GetAsync(environmentId, definition.Id, cancellationToken);
    }

    /// <summary>Makes <paramref name="definition"/> the draft of the flow its id names, creating the flow when needed.</summary>
    public async Task<FlowServiceResult<ImportedFlow>> ImportAsync(
        string environmentId, FlowDefinition definition, CancellationToken cancellationToken)
    {
        var problems = FlowDefinitionShape.Check(definition);
        if (problems.Count > 0)
        {
            return FlowError.Invalid(problems);
        }

        if (await catalog.EnvironmentAsync(environmentId, cancellationToken) is not { } environment)
        {
            return FlowCatalog.MissingEnvironment(environmentId);
        }

        var created = false;
        if (await flows.FindAsync(environment, definition.Id, cancellationToken) is { } existing)
        {
            if (!await flows.TryUpdateAsync(existing, WithDraft(existing, definition), cancellationToken))
            {
                return FlowError.Stale();
            }
        }
        else if (await flows.TryAddAsync(flows.New(environmentId, definition), cancellationToken))
        {
            // A flow deleted earlier comes back with its published versions.
            created = true;
        }
        else
        {
            return FlowError.Stale();
        }

        var summary = await catalog.GetAsync(environmentId, definition.Id, cancellationToken);
        return summary.Error is { } missing ? missing : FlowServiceResult<ImportedFlow>.Ok(new ImportedFlow(summary.Value!, created));
    }

    /// <summary>Replaces the draft (or creates it) while the flow still meets <paramref name="precondition"/>.</summary>
    public async Task<FlowServiceResult<FlowDraft>> SaveDraftAsync(
        string environmentId, string flowId, FlowDefinition definition, FlowPrecondition precondition, CancellationToken cancellationToken)
    {
        var found = await catalog.FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        if (!await catalog.MeetsAsync(found.Value!, precondition, cancellationToken))
        {
            return FlowError.Stale();
        }

        var problems = FlowDefinitionShape.Check(definition);
        if (definition.Id is { } id && id != flowId && !problems.Exists(p => p.Field == "id"))
        {
            problems.Add(new("id", $"id must be '{flowId}', the id of this flow; clone the flow to copy it under a new id"));
        }

        if (problems.Count > 0)
        {
            return FlowError.Invalid(problems);
        }

        // A draft may be unfinished, but not name flows that do not exist or run in a cycle: the designer shows each on its node.
        if (await subFlows.CheckAsync(environmentId, definition, cancellationToken) is { Count: > 0 } references)
        {
            return FlowError.NotPublishable(references);
        }

        // Conditional on the row as checked: a write in between makes this one stale.
        var record = found.Value!.Record;
        var changed = WithDraft(record, definition);
        return await flows.TryUpdateAsync(record, changed, cancellationToken)
            ? FlowServiceResult<FlowDraft>.Ok(FlowDrafts.Of(changed)!)
            : FlowError.Stale();
    }

    /// <summary>Discards the draft while the flow still meets <paramref name="precondition"/>; the published versions stay as they are.</summary>
    public async Task<FlowServiceResult<bool>> DeleteDraftAsync(
        string environmentId, string flowId, FlowPrecondition precondition, CancellationToken cancellationToken)
    {
        var found = await catalog.FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        if (!await catalog.MeetsAsync(found.Value!, precondition, cancellationToken))
        {
            return FlowError.Stale();
        }

        var record = found.Value!.Record;
        if (record.DraftJson is null)
        {
            return FlowError.Missing($"A draft of flow '{flowId}'");
        }

        var changed = flows.Change(record);
        changed.DraftJson = null;
        changed.DraftUpdatedAt = null;
        changed.Name = (await definitions.FindLatestAsync(environmentId, flowId, cancellationToken))?.Name ?? record.Name;
        return await flows.TryUpdateAsync(record, changed, cancellationToken) ? FlowServiceResult<bool>.Ok(true) : FlowError.Stale();
    }

    /// <summary>
    /// A new flow whose draft is a copy of this one: of <see cref="FlowCloneRequest.Version"/> when given, else of
    /// its draft, else of its default version.
    /// </summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> CloneAsync(
        string environmentId, string flowId, FlowCloneRequest request, CancellationToken cancellationToken)
    {
        var found = await catalog.FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        if (!FlowIds.IsValid(request.Id))
        {
            return FlowError.Invalid("id", $"id must be {FlowIds.Rule}");
        }

        var record = found.Value!.Record;
        var source = request.Version is { } version
            ? await definitions.FindAsync(environmentId, flowId, version, cancellationToken)
            : FlowDrafts.Of(record)?.Definition ?? await DefaultDefinitionAsync(environmentId, flowId, record.DefaultVersion, cancellationToken);
        if (source is null)
        {
            return request.Version is { } missing
                ? FlowError.Invalid("version", $"Flow '{flowId}' has no published version {missing}")
                : FlowError.InConflict($"Flow '{flowId}' has neither a draft nor a published version to copy.");
        }

        var copy = FlowDefinitionSerializer.Deserialize(FlowDefinitionSerializer.Serialize(source));
        copy.Id = request.Id;
        copy.Name = string.IsNullOrWhiteSpace(request.Name) ? $"{source.Name} (copy)" : request.Name.Trim();
        return await CreateAsync(environmentId, copy, cancellationToken);
    }

    private ManagedFlowRecord WithDraft(ManagedFlowRecord record, FlowDefinition definition)
    {
        var changed = flows.Change(record);
        changed.DraftJson = FlowDrafts.Serialize(definition);
        changed.DraftUpdatedAt = changed.UpdatedAt;
        changed.Name = definition.Name;
        return changed;
    }

    private async Task<FlowDefinition?> DefaultDefinitionAsync(string environmentId, string flowId, int? defaultVersion, CancellationToken cancellationToken) =>
        defaultVersion is { } version
            ? await definitions.FindAsync(environmentId, flowId, version, cancellationToken)
            : await definitions.FindLatestAsync(environmentId, flowId, cancellationToken);

    private static FlowError Taken(string environmentId, string flowId) => FlowError.Taken($"Flow '{flowId}' in environment '{environmentId}'");
}

/// <summary>The flow an import wrote to, and whether the import created it.</summary>
public sealed record ImportedFlow(FlowSummaryResource Flow, bool Created);
