using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>
/// Exposes a published version to a share of new sign-ins before it becomes the default: starts or changes the
/// share, stops it (every new sign-in runs the default again) or promotes the version to default. Sign-ins already
/// running keep their version in every case; each change is announced to every node (<see cref="IChangeSignal"/>).
/// </summary>
public sealed class FlowRollouts(FlowCatalog catalog, ManagedFlowStore flows, IFlowDefinitionStore definitions, IChangeSignal signal, TimeProvider clock)
{
    /// <summary>Makes <paramref name="version"/> take <paramref name="percent"/> of new sign-ins, while the flow meets <paramref name="precondition"/>.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> StartAsync(
        string environmentId, string flowId, int version, int percent, FlowPrecondition precondition, CancellationToken cancellationToken)
    {
        if (PercentProblem(percent) is { } invalid)
        {
            return invalid;
        }

        var found = await FindAsync(environmentId, flowId, precondition, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        if (await definitions.FindAsync(environmentId, flowId, version, cancellationToken) is null)
        {
            return FlowError.Invalid("version", $"Flow '{flowId}' has no published version {version}");
        }

        var record = found.Value!.Record;
        // A published version exists (the one asked for), so there is a default.
        var defaultVersion = (await DefaultVersionAsync(record, cancellationToken))!.Value;
        if (defaultVersion == version)
        {
            return FlowError.Invalid("version", $"Version {version} is already the default; roll out another version");
        }

        var changed = flows.Change(record);
        Begin(changed, defaultVersion, version, percent, keepStart: record.RolloutVersion == version);
        return await SaveAsync(record, changed, cancellationToken);
    }

    /// <summary>Ends the rollout: every new sign-in runs the default version again. Ending none changes nothing.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> StopAsync(
        string environmentId, string flowId, FlowPrecondition precondition, CancellationToken cancellationToken)
    {
        var found = await FindAsync(environmentId, flowId, precondition, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var record = found.Value!.Record;
        if (record.RolloutVersion is null)
        {
            return await catalog.GetAsync(environmentId, flowId, cancellationToken);
        }

        var changed = flows.Change(record);
        End(changed);
        return await SaveAsync(record, changed, cancellationToken);
    }

    /// <summary>Makes the version being rolled out the default for every new sign-in.</summary>
    public async Task<FlowServiceResult<FlowSummaryResource>> PromoteAsync(
        string environmentId, string flowId, FlowPrecondition precondition, CancellationToken cancellationToken)
    {
        var found = await FindAsync(environmentId, flowId, precondition, cancellationToken);
        if (found.Error is { } error)
        {
            return error;
        }

        var record = found.Value!.Record;
        if (record.RolloutVersion is not { } version)
        {
            return FlowError.InConflict($"Flow '{flowId}' has no version being rolled out.");
        }

        var changed = flows.Change(record);
        changed.DefaultVersion = version;
        End(changed);
        return await SaveAsync(record, changed, cancellationToken);
    }

    public static FlowError? PercentProblem(int percent) =>
        percent is < FlowRollout.MinPercent or > FlowRollout.MaxPercent
            ? FlowError.Invalid("percent", $"percent must be between {FlowRollout.MinPercent} and {FlowRollout.MaxPercent}")
            : null;

    /// <summary>
    /// Sets the rollout on a changed row. The default is written out: "the latest published" would otherwise become
    /// the version being rolled out the moment it is published.
    /// </summary>
    public void Begin(ManagedFlowRecord changed, int defaultVersion, int version, int percent, bool keepStart = false)
    {
        changed.DefaultVersion = defaultVersion;
        changed.RolloutVersion = version;
        changed.RolloutPercent = percent;
        changed.RolloutStartedAt = keepStart ? changed.RolloutStartedAt : clock.GetUtcNow();
    }

    public static void End(ManagedFlowRecord changed) =>
        (changed.RolloutVersion, changed.RolloutPercent, changed.RolloutStartedAt) = (null, null, null);

    /// <summary>The version new sign-ins run outside a rollout: the row's default, else the latest published.</summary>
    public async Task<int?> DefaultVersionAsync(ManagedFlowRecord record, CancellationToken cancellationToken) =>
        record.DefaultVersion ?? (await definitions.FindLatestAsync(record.EnvironmentId, record.DefinitionId, cancellationToken))?.Version;

    private async Task<FlowServiceResult<FoundFlow>> FindAsync(
        string environmentId, string flowId, FlowPrecondition precondition, CancellationToken cancellationToken)
    {
        var found = await catalog.FindAsync(environmentId, flowId, cancellationToken);
        if (found.Error is not null)
        {
            return found;
        }

        return await catalog.MeetsAsync(found.Value!, precondition, cancellationToken) ? found : FlowError.Stale();
    }

    private async Task<FlowServiceResult<FlowSummaryResource>> SaveAsync(
        ManagedFlowRecord seen, ManagedFlowRecord changed, CancellationToken cancellationToken)
    {
        if (!await flows.TryUpdateAsync(seen, changed, cancellationToken))
        {
            return FlowError.Stale();
        }

        await signal.PublishAsync(CacheChange.Flow(seen.EnvironmentId, seen.DefinitionId));
        return await catalog.GetAsync(seen.EnvironmentId, seen.DefinitionId, cancellationToken);
    }
}
