using System.Text.Json;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// Where a dry run's instance lives: in memory, for one request, never in the instance or journal tables. Each read
/// is a copy, as from a database, so an answer the runner refuses leaves the stored instance as it was.
/// </summary>
public sealed class SimulatedInstanceStore(SimulationScenario scenario) : IFlowInstanceStore
{
    private readonly List<SimulatedStep> _journal = [];
    private FlowInstance? _stored;

    /// <summary>Every step run, in order, with the answer it ran in.</summary>
    public IReadOnlyList<SimulatedStep> Journal => _journal;

    public Task CreateAsync(FlowInstance instance, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        _stored = Copy(instance);
        Append(journal);
        return Task.CompletedTask;
    }

    public Task<FlowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(_stored?.Id == instanceId ? Copy(_stored) : null);

    public Task UpdateAsync(FlowInstance instance, int expectedRevision, IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        _stored = Copy(instance);
        Append(journal);
        return Task.CompletedTask;
    }

    public Task AppendJournalAsync(IReadOnlyList<FlowJournalEntry> journal, CancellationToken cancellationToken)
    {
        Append(journal);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<FlowJournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FlowJournalEntry>>([.. _journal.Select(step => step.Entry)]);

    // A dry run has no session, no list and nothing to expire or purge.
    public Task<int> TransferSessionAsync(string environmentId, string fromTokenHash, string toTokenHash, CancellationToken cancellationToken) =>
        Task.FromResult(0);

    public Task<FlowInstancePage> ListAsync(FlowInstanceQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(new FlowInstancePage([], null));

    public Task<int> ExpireIdleAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<int> PurgeAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>The steps of a run that faulted before anything was saved, told by the node that threw.</summary>
    public void RecordFault(string nodeId, string activityType, string? action) => _journal.Add(new SimulatedStep(scenario.Round, new FlowJournalEntry
    {
        InstanceId = _stored?.Id ?? "",
        NodeId = nodeId,
        ActivityType = activityType,
        Action = action,
        Result = FlowStepResult.Faulted,
        ErrorCode = SimulationErrors.NotSimulated,
    }));

    private void Append(IReadOnlyList<FlowJournalEntry> journal) =>
        _journal.AddRange(journal.Select(entry => new SimulatedStep(scenario.Round, entry)));

    private static FlowInstance Copy(FlowInstance instance) =>
        JsonSerializer.Deserialize<FlowInstance>(JsonSerializer.SerializeToUtf8Bytes(instance))!;
}

/// <summary>A step of a dry run and the answer (0 for the start) it ran in.</summary>
public sealed record SimulatedStep(int Round, FlowJournalEntry Entry);

/// <summary>Error codes only a dry run reports.</summary>
public static class SimulationErrors
{
    /// <summary>The step needs a service a dry run does not imitate (passkeys, outside identity providers …), or it threw.</summary>
    public const string NotSimulated = "NOT_SIMULATED";
}
