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
            OutcomeResult or HandOverResult or EndSubFlowResult => FlowStepResult.Outcome,
            RunSubFlowResult => FlowStepResult.SubFlow,
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
            EndSubFlowResult end => end.Name,
            RunSubFlowResult run => run.DefinitionId,
            _ => null,
        });

    /// <summary>The sub-flow a node ran ended: the node's step continues along <paramref name="outcome"/>.</summary>
    public void RecordSubFlowEnded(FlowStep step, string outcome) =>
        Add(step with { Action = FlowEngineActions.SubFlowEnded }, FlowStepResult.Outcome, code: null, outcome);

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
            DefinitionId = step.SubFlow?.DefinitionId,
            DefinitionVersion = step.SubFlow?.Version,
        };
        _entries.Add(entry);
        FlowsTelemetry.Record(entry);
        return entry;
    }
}

/// <summary>The node a step runs, the sub-flow it belongs to (null: the instance's own definition) and when it started, for its journal entry.</summary>
internal sealed record FlowStep(string NodeId, string ActivityType, string? Action, DateTimeOffset StartedAt, long StartTimestamp)
{
    public SubFlowFrame? SubFlow { get; init; }

    public long ElapsedMicroseconds() =>
        (long)System.Diagnostics.Stopwatch.GetElapsedTime(StartTimestamp).TotalMicroseconds;
}
