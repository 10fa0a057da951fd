namespace Flows.Engine.Instances;

/// <summary>
/// One kept count of a funnel: for the runs of a definition version created in one hour, how often something happened at a
/// node (<see cref="FlowFunnelCountKinds"/>). Written with the journal entries and status changes it counts, so a funnel
/// adds up rows instead of reading every run's journal.
/// </summary>
public sealed class FlowFunnelCount
{
    public required string EnvironmentId { get; init; }

    public required string DefinitionId { get; init; }

    public int DefinitionVersion { get; init; }

    /// <summary>The hour the counted runs were created in, as whole hours since the Unix epoch (UTC).</summary>
    public long Hour { get; init; }

    /// <summary>The node; empty for a run that is at no node.</summary>
    public required string NodeId { get; init; }

    public required string Kind { get; init; }

    /// <summary>The outcome of <see cref="FlowFunnelCountKinds.Outcome"/>; empty for the other kinds (it is part of the key).</summary>
    public required string Outcome { get; init; }

    /// <summary>Journal kinds only grow; run positions (<c>at.*</c>) move, so one node's may go down as another's goes up.</summary>
    public long Count { get; set; }

    /// <summary>The hour bucket of a creation time.</summary>
    public static long HourOf(DateTimeOffset createdAt) => (long)Math.Floor((createdAt - DateTimeOffset.UnixEpoch).TotalHours);

    /// <summary>When an hour bucket starts.</summary>
    public static DateTimeOffset StartOf(long hour) => DateTimeOffset.UnixEpoch.AddHours(hour);
}

/// <summary>What a <see cref="FlowFunnelCount"/> counts.</summary>
public static class FlowFunnelCountKinds
{
    /// <summary>Steps that started the node (no user action): entries.</summary>
    public const string Entered = "entered";

    /// <summary>Steps that left the node by an outcome (the count's <see cref="FlowFunnelCount.Outcome"/>).</summary>
    public const string Outcome = "outcome";

    public const string Completed = "completed";

    /// <summary>Failed or faulted steps.</summary>
    public const string Failed = "failed";

    /// <summary>Runs of other flows that entered the version as a sub-flow (at no node: they are the callers' runs).</summary>
    public const string CalledRun = "calledRun";

    private const string At = "at.";

    /// <summary>Runs whose status is <paramref name="status"/> with the node as their current one: each run is in exactly one.</summary>
    public static string AtStatus(FlowInstanceStatus status) => At + status.ToString().ToLowerInvariant();

    public static bool IsPosition(string kind) => kind.StartsWith(At, StringComparison.Ordinal);
}
