using Flows.Engine.Activities;
using Flows.Engine.Instances;

namespace Flows.Engine.Runtime;

/// <summary>Collects the journal entries of the steps run in one request, saved with the instance.</summary>
internal sealed class FlowJournal(string instanceId)
{
    private readonly List<FlowJournalEntry> _entries = [];

    public IReadOnlyList<FlowJournalEntry> Entries => _entries;

    public void Record(FlowStep step, ActivityResult result) => Add(
        step,
        result switch
        {
            OutcomeResult or HandOverResult => FlowStepResult.Outcome,
            SuspendResult => FlowStepResult.Suspended,
            CompleteResult => FlowStepResult.Completed,
            RejectResult => FlowStepResult.Rejected,
            _ => FlowStepResult.Failed,
        },
        result switch
        {
            SuspendResult suspend => suspend.Prompt.Error?.Code,
            FailResult fail => fail.Error.Code,
            RejectResult reject => reject.Error.Code,
            _ => null,
        },
        result switch
        {
            OutcomeResult outcome => outcome.Name,
            HandOverResult handOver => handOver.DefinitionId,
            _ => null,
        });

    public FlowJournalEntry RecordFault(FlowStep step) => Add(step, FlowStepResult.Faulted, FlowEngineErrors.StepFaulted);

    public void RecordEngineFailure(FlowStep step, string code) => Add(step, FlowStepResult.Failed, code);

    private FlowJournalEntry Add(FlowStep step, FlowStepResult result, string? code, string? outcome = null)
    {
        var entry = new FlowJournalEntry
        {
            InstanceId = instanceId,
            NodeId = step.NodeId,
            ActivityType = step.ActivityType,
            Action = step.Action,
            StartedAt = step.StartedAt,
            DurationMicroseconds = step.ElapsedMicroseconds(),
            Result = result,
            Outcome = outcome,
            ErrorCode = code,
        };
        _entries.Add(entry);
        FlowsTelemetry.Record(entry);
        return entry;
    }
}

/// <summary>The node a step runs and when it started, for its journal entry.</summary>
internal sealed record FlowStep(string NodeId, string ActivityType, string? Action, DateTimeOffset StartedAt, long StartTimestamp)
{
    public long ElapsedMicroseconds() =>
        (long)System.Diagnostics.Stopwatch.GetElapsedTime(StartTimestamp).TotalMicroseconds;
}
