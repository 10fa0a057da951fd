using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.Engine.Definitions;
using Flows.Engine.Runtime;
using Flows.Engine.Validation;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Decides what new sign-ins run: publishes a valid draft as the next immutable version (which becomes the
/// default), moves the default back or forward to another published version, and deletes a flow nothing uses.
/// Sign-ins already running keep their version in every case. Each change, once stored, is announced to every node
/// (<see cref="IChangeSignal"/>), so that the next sign-in on any of them starts on the new default.
/// </summary>
public sealed class FlowReleases(
    FlowCatalog catalog,
    ManagedFlowStore flows,
    IFlowDefinitionStore definitions,
    FlowDefinitionValidator validator,
    SubFlowReferences subFlows,
    UserAttributeReferences attributes,
    FlowPublisher publisher,
    FlowRollouts rollouts,
    IChangeSignal signal)
{
    public const int MaxNoteLength = 1024;

    /// <summary>
    /// Publishes the draft with <paramref name="note"/> while the flow meets <paramref name="precondition"/>; the draft
    /// is cleared and the new version becomes the default (ending any rollout) or, with <paramref name="rolloutPercent"/>,
    /// takes that share of new sign-ins while the default stays.
    /// </summary>
    public async Task<FlowServiceResult<FlowVersionResource>> PublishAsync(
        string environmentId, string flowId, string? note, FlowPrecondition precondition, CancellationToken cancellationToken,
        int? rolloutPercent = null)
    {
        if (rolloutPercent is { } percent && FlowRollouts.PercentProblem(percent) is { } invalidPercent)
        {
            return invalidPercent;
        }

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
        if (FlowDrafts.Of(record) is not { } draft)
        {
            return FlowError.InConflict($"Flow '{flowId}' has no draft to publish; save a draft first.");
        }

        if (note?.Length > MaxNoteLength)
        {
            return FlowError.Invalid("note", $"note may have at most {MaxNoteLength} characters");
        }

        IReadOnlyList<FlowValidationProblem> problems =
        [
            .. validator.Validate(draft.Definition),
            .. await subFlows.CheckAsync(environmentId, draft.Definition, cancellationToken),
            .. await attributes.CheckAsync(environmentId, draft.Definition, cancellationToken),
        ];
        if (problems.Count > 0)
        {
            return FlowError.NotPublishable(problems);
        }

        var defaultVersion = await rollouts.DefaultVersionAsync(record, cancellationToken);
        if (rolloutPercent is not null && defaultVersion is null)
        {
            return FlowError.InConflict($"Flow '{flowId}' has no published version yet; its first version cannot be rolled out to a share.");
        }

        // Taking the draft first makes one of two concurrent publishes win; the other finds the draft changed.
        var taken = flows.Change(record);
        (taken.DraftJson, taken.DraftUpdatedAt) = (null, null);
        if (!await flows.TryUpdateAsync(record, taken, cancellationToken))
        {
            return FlowError.Stale();
        }

        FlowDefinition published;
        try
        {
            published = await publisher.PublishAsync(environmentId, draft.Definition, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), cancellationToken);
        }
        catch
        {
            var restored = flows.Change(taken);
            (restored.DraftJson, restored.DraftUpdatedAt) = (record.DraftJson, record.DraftUpdatedAt);
            await flows.TryUpdateAsync(taken, restored, CancellationToken.None);
            throw;
        }

        Release release = rolloutPercent is { } share
            ? changed => rollouts.Begin(changed, defaultVersion!.Value, published.Version, share)
            : changed =>
            {
                changed.DefaultVersion = published.Version;
                FlowRollouts.End(changed);
            };
        await ReleaseAsync(found.Value.Environment, taken, published, release, cancellationToken);
        await signal.PublishAsync(CacheChange.Flow(environmentId, flowId));
        var versions = await definitions.ListVersionsAsync(environmentId, flowId, cancellationToken);
        var version = versions.Single(v => v.Version == published.Version);
        return FlowServiceResult<FlowVersionResource>.Ok(
            new FlowVersionResource(version.Version, version.Name, version.PublishedAt, version.Note, IsDefault: rolloutPercent is null));
    }

    private delegate void Release(ManagedFlowRecord changed);

    /// <summary>
    /// Gives the new version its place (the default, or a rollout's share), also when a new draft was saved since the
    /// old one was taken.
    /// </summary>
    private async Task ReleaseAsync(
        EnvironmentRecord environment, ManagedFlowRecord taken, FlowDefinition published, Release release, CancellationToken cancellationToken)
    {
        var changed = flows.Change(taken);
        changed.Name = published.Name;
        release(changed);
        if (!await flows.TryUpdateAsync(taken, changed, cancellationToken)
            && await flows.FindAsync(environment, taken.DefinitionId, cancellationToken) is { } current)
        {
            var keepDraft = flows.Change(current);
            release(keepDraft);
            await flows.TryUpdateAsync(current, keepDraft, cancellationToken);
        }
    }

    /// <summary>Makes an earlier (or later) published version the one new sign-ins start on, while the flow meets <paramref name="precondition"/>.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> SetDefaultVersionAsync(
        string environmentId, string flowId, int version, FlowPrecondition precondition, CancellationToken cancellationToken)
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

        if (await definitions.FindAsync(environmentId, flowId, version, cancellationToken) is null)
        {
            return FlowError.Invalid("version", $"Flow '{flowId}' has no published version {version}");
        }

        var changed = flows.Change(found.Value!.Record);
        changed.DefaultVersion = version;
        if (changed.RolloutVersion == version)
        {
            // The version being rolled out now runs for everyone: its rollout is over.
            FlowRollouts.End(changed);
        }
        if (!await flows.TryUpdateAsync(found.Value.Record, changed, cancellationToken))
        {
            return FlowError.Stale();
        }

        await signal.PublishAsync(CacheChange.Flow(environmentId, flowId));
        return await catalog.GetAsync(environmentId, flowId, cancellationToken);
    }

    /// <summary>
    /// Hides a flow no application uses and that is not the environment's default. Its published versions stay
    /// in the engine's table: sign-ins still running them finish.
    /// </summary>
    public async Task<FlowServiceResult<bool>> DeleteAsync(
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

        var flow = await catalog.SummaryOfAsync(found.Value!, cancellationToken);
        if (flow.IsEnvironmentDefault)
        {
            return FlowError.InConflict($"Flow '{flowId}' is the default flow of environment '{environmentId}'; make another flow the default first.");
        }

        if (flow.Applications.Count > 0)
        {
            return FlowError.InConflict(
                $"Flow '{flowId}' is used by the applications {string.Join(", ", flow.Applications.Select(a => $"'{a.ClientId}'"))}; bind them to another flow first.");
        }

        if (!await flows.TryDeleteAsync(found.Value!.Record, cancellationToken))
        {
            return FlowError.Stale();
        }

        await signal.PublishAsync(CacheChange.Flow(environmentId, flowId));
        return FlowServiceResult<bool>.Ok(true);
    }
}
