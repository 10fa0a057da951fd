namespace Flows.Engine.Instances;

/// <summary>Where instances and their journals live between requests.</summary>
public interface IFlowInstanceStore
{
    Task CreateAsync(FlowInstance instance, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken);

    Task<FlowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the instance and its new journal entries atomically, only if the stored revision is still
    /// <paramref name="expectedRevision"/>; otherwise throws <see cref="Runtime.FlowConflictException"/>.
    /// </summary>
    Task UpdateAsync(FlowInstance instance, int expectedRevision, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken);

    /// <summary>
    /// Hands the instances of an environment owned by one session token to the token that replaces it (the
    /// server renews a session's token when it signs in); returns how many. Ownership is not flow state: the
    /// revision stays, so a resume racing with the move still applies.
    /// </summary>
    Task<int> TransferSessionAsync(string environmentId, string fromTokenHash, string toTokenHash, CancellationToken cancellationToken);

    /// <summary>Adds journal entries without touching the instance (a faulted step).</summary>
    Task AppendJournalAsync(IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken);

    /// <summary>The journal of one instance, oldest step first.</summary>
    Task<IReadOnlyList<FlowJournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken);

    Task<FlowInstancePage> ListAsync(FlowInstanceQuery query, CancellationToken cancellationToken);

    /// <summary>Marks suspended or running instances idle past their expiry as expired; returns how many.</summary>
    Task<int> ExpireIdleAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the instances (and their journals) whose expiry is before <paramref name="expiredBefore"/>: finished,
    /// expired or abandoned, none can be resumed any more. Safe to run on several nodes at once; returns how many
    /// this call deleted.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken);
}
