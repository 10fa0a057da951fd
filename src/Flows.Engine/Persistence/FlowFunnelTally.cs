using Flows.Engine.Instances;

namespace Flows.Engine.Persistence;

/// <summary>Where a run stands, as the kept funnel counts place it: its version, its creation hour, its status and node.</summary>
public sealed record FlowRunPosition(
    string EnvironmentId, string DefinitionId, int DefinitionVersion, DateTimeOffset CreatedAt, FlowInstanceStatus Status, string? NodeId)
{
    /// <summary>The instance, when the store read the position to change it.</summary>
    public string? Id { get; init; }

    public static FlowRunPosition Of(FlowInstance instance) => new(
        instance.EnvironmentId, instance.DefinitionId, instance.DefinitionVersion, instance.CreatedAt, instance.Status, instance.CurrentNodeId);
}

/// <summary>A run's position as its row held it at one revision.</summary>
internal sealed record StoredRunPosition(int Revision, FlowRunPosition Position);

/// <summary>
/// The changes one write to the store makes to the kept funnel counts, summed per count: its journal entries (as
/// <see cref="EfFlowFunnelReader"/> counts them from the journal) and the move of the run from one status and node to another.
/// </summary>
public sealed class FlowFunnelTally
{
    private readonly Dictionary<FlowFunnelCountKey, long> _deltas = [];

    /// <summary>The non-zero changes, in key order so concurrent writers lock the rows they share in the same order.</summary>
    public IReadOnlyList<KeyValuePair<FlowFunnelCountKey, long>> Deltas =>
        _deltas.Where(delta => delta.Value != 0).OrderBy(delta => delta.Key).ToList();

    /// <summary>
    /// Counts the steps of a run at <paramref name="run"/>'s version. A step that started a node (no action) is an entry; a
    /// resume at the same node (a wrong password, say) is not a second one.
    /// </summary>
    public void CountSteps(FlowRunPosition run, IEnumerable<FlowJournalEntry> entries)
    {
        FlowJournalEntry? previous = null;
        foreach (var entry in entries)
        {
            // A step inside a sub-flow counts in the sub-flow version's funnel, under the caller's creation hour; the
            // step right after the caller's sub-flow step is one more run of it.
            var at = entry is { DefinitionId: { } subFlow, DefinitionVersion: { } subVersion }
                ? run with { DefinitionId = subFlow, DefinitionVersion = subVersion }
                : run;
            if (entry.Action is null && entry.DefinitionId is not null && previous is { Result: FlowStepResult.SubFlow })
            {
                Add(at, "", FlowFunnelCountKinds.CalledRun, 1);
            }

            previous = entry;
            CountStep(at, entry);
        }
    }

    private void CountStep(FlowRunPosition run, FlowJournalEntry entry)
    {
        if (entry.Action is null)
        {
            Add(run, entry.NodeId, FlowFunnelCountKinds.Entered, 1);
        }

        switch (entry.Result)
        {
            case FlowStepResult.Outcome when entry.Outcome is { } outcome:
                Add(run, entry.NodeId, FlowFunnelCountKinds.Outcome, 1, outcome);
                break;
            case FlowStepResult.Completed:
                Add(run, entry.NodeId, FlowFunnelCountKinds.Completed, 1);
                break;
            case FlowStepResult.Failed or FlowStepResult.Faulted:
                Add(run, entry.NodeId, FlowFunnelCountKinds.Failed, 1);
                break;
        }
    }

    /// <summary>
    /// Counts the steps one save of a run took, each at the version it ran on: the steps up to a hand-over to another
    /// definition (an outcome named after it) at the version the run had before, the rest at the one it has now.
    /// </summary>
    public void CountSteps(FlowRunPosition before, FlowRunPosition after, IReadOnlyList<FlowJournalEntry> entries)
    {
        var handedOver = before.DefinitionId == after.DefinitionId && before.DefinitionVersion == after.DefinitionVersion
            ? -1
            : LastIndexOf(entries, entry => entry is { Result: FlowStepResult.Outcome } && entry.Outcome == after.DefinitionId);
        CountSteps(before, entries.Take(handedOver + 1));
        CountSteps(after, entries.Skip(handedOver + 1));
    }

    /// <summary>Moves a run from one position to another; a new run comes from nowhere (<c>null</c>).</summary>
    public void Move(FlowRunPosition? from, FlowRunPosition to)
    {
        if (from is not null)
        {
            Add(from, from.NodeId ?? "", FlowFunnelCountKinds.AtStatus(from.Status), -1);
        }

        Add(to, to.NodeId ?? "", FlowFunnelCountKinds.AtStatus(to.Status), 1);
    }

    private void Add(FlowRunPosition run, string nodeId, string kind, long delta, string outcome = "")
    {
        var key = new FlowFunnelCountKey(run.EnvironmentId, run.DefinitionId, run.DefinitionVersion, FlowFunnelCount.HourOf(run.CreatedAt), nodeId, kind, outcome);
        _deltas[key] = _deltas.GetValueOrDefault(key) + delta;
    }

    private static int LastIndexOf(IReadOnlyList<FlowJournalEntry> entries, Func<FlowJournalEntry, bool> match)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (match(entries[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>The key of one kept funnel count.</summary>
public readonly record struct FlowFunnelCountKey(
    string EnvironmentId, string DefinitionId, int DefinitionVersion, long Hour, string NodeId, string Kind, string Outcome)
    : IComparable<FlowFunnelCountKey>
{
    public int CompareTo(FlowFunnelCountKey other)
    {
        int Ordinal(string a, string b) => string.CompareOrdinal(a, b);
        var order = Ordinal(EnvironmentId, other.EnvironmentId);
        order = order != 0 ? order : Ordinal(DefinitionId, other.DefinitionId);
        order = order != 0 ? order : DefinitionVersion.CompareTo(other.DefinitionVersion);
        order = order != 0 ? order : Hour.CompareTo(other.Hour);
        order = order != 0 ? order : Ordinal(NodeId, other.NodeId);
        order = order != 0 ? order : Ordinal(Kind, other.Kind);
        return order != 0 ? order : Ordinal(Outcome, other.Outcome);
    }
}
