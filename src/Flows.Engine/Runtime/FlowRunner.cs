using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Microsoft.Extensions.Options;

namespace Flows.Engine.Runtime;

/// <summary>
/// Starts and resumes flow instances inside the caller's request: runs steps until the next prompt or the
/// end, then saves the instance once. A resume is applied only if nobody saved the instance in between.
/// </summary>
public sealed class FlowRunner(
    IFlowDefinitionStore definitions,
    IFlowInstanceStore instances,
    ActivityFactory activities,
    TimeProvider clock,
    IOptions<FlowEngineOptions> options)
{
    private readonly FlowEngineOptions _options = options.Value;

    public async Task<FlowInstance> StartAsync(FlowStartRequest request, CancellationToken cancellationToken = default)
    {
        var definition = await FindDefinitionAsync(request, cancellationToken);
        var now = clock.GetUtcNow();
        var instance = new FlowInstance
        {
            Id = FlowInstanceIds.New(),
            EnvironmentId = request.EnvironmentId,
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            ApplicationId = request.ApplicationId,
            SessionTokenHash = request.SessionTokenHash,
            Request = request.Request,
            Status = FlowInstanceStatus.Running,
            CurrentNodeId = definition.Start,
            State = new FlowState
            {
                UserId = request.UserId,
                Username = request.UserId is null ? null : request.Username,
                Variables = new(request.Variables ?? new Dictionary<string, System.Text.Json.JsonElement>()),
            },
            CreatedAt = now,
        };

        // A fault while starting leaves nothing behind: the caller can simply start again.
        var journal = new FlowJournal(instance.Id);
        await RunAsync(instance, definition, journal, action: null, cancellationToken);
        Stamp(instance, now);
        await instances.CreateAsync(instance, journal.Entries, cancellationToken);
        return instance;
    }

    public async Task<FlowInstance> ResumeAsync(string instanceId, FlowAction action, CancellationToken cancellationToken = default) =>
        await ResumeAsync(await instances.FindAsync(instanceId, cancellationToken) ?? throw new FlowNotFoundException(instanceId), action, cancellationToken);

    /// <summary>
    /// Resumes an instance the caller has just read (and checked), without reading it again. It is saved against the
    /// revision it was read at, so a change made since then fails the resume exactly as if it had been read here.
    /// </summary>
    public async Task<FlowInstance> ResumeAsync(FlowInstance instance, FlowAction action, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await ThrowUnlessResumableAsync(instance, now, cancellationToken);
        if (!instance.Prompt!.Accepts(action.Name))
        {
            throw new FlowActionNotAllowedException(action.Name, instance.Prompt.Actions);
        }

        var definition = await definitions.FindAsync(instance.EnvironmentId, instance.DefinitionId, instance.DefinitionVersion, cancellationToken)
            ?? throw new FlowDefinitionNotFoundException(instance.DefinitionId, instance.DefinitionVersion);

        var expectedRevision = instance.Revision;
        var journal = new FlowJournal(instance.Id);
        try
        {
            await RunAsync(instance, definition, journal, action, cancellationToken);
        }
        catch (FlowStepFaultedException)
        {
            // The instance stays as it was stored; only the fault is recorded for operators.
            await instances.AppendJournalAsync(journal.Entries.Where(e => e.Result == FlowStepResult.Faulted).ToList(), cancellationToken);
            throw;
        }
        catch (FlowActionRejectedException)
        {
            // Likewise for a refused answer: the step is journaled, the instance is not saved.
            await instances.AppendJournalAsync(journal.Entries.Where(e => e.Result == FlowStepResult.Rejected).ToList(), cancellationToken);
            throw;
        }

        Stamp(instance, now);
        await instances.UpdateAsync(instance, expectedRevision, journal.Entries, cancellationToken);
        return instance;
    }

    /// <summary>
    /// Starts a waiting instance over from the start node, forgetting the user it identified. Node variables
    /// such as attempt counters survive, so restarting never buys extra guesses.
    /// </summary>
    public async Task<FlowInstance> RestartAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await instances.FindAsync(instanceId, cancellationToken) ?? throw new FlowNotFoundException(instanceId);
        var now = clock.GetUtcNow();
        await ThrowUnlessResumableAsync(instance, now, cancellationToken);
        var definition = await definitions.FindAsync(instance.EnvironmentId, instance.DefinitionId, instance.DefinitionVersion, cancellationToken)
            ?? throw new FlowDefinitionNotFoundException(instance.DefinitionId, instance.DefinitionVersion);

        var expectedRevision = instance.Revision;
        instance.State = new FlowState { Variables = instance.State.Variables };
        instance.Status = FlowInstanceStatus.Running;
        instance.CurrentNodeId = definition.Start;
        instance.Prompt = null;
        var journal = new FlowJournal(instance.Id);
        await RunAsync(instance, definition, journal, action: null, cancellationToken);
        Stamp(instance, now);
        await instances.UpdateAsync(instance, expectedRevision, journal.Entries, cancellationToken);
        return instance;
    }

    /// <summary>
    /// Ends an instance on an operator's request; an ended instance is left alone. With
    /// <paramref name="expectedRevision"/>, only the revision the operator saw is cancelled: a newer one throws
    /// <see cref="FlowConflictException"/>.
    /// </summary>
    public async Task<FlowInstance> CancelAsync(string instanceId, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var instance = await instances.FindAsync(instanceId, cancellationToken) ?? throw new FlowNotFoundException(instanceId);
        if (expectedRevision is { } seen && seen != instance.Revision)
        {
            throw new FlowConflictException(instanceId);
        }

        if (instance.IsTerminal)
        {
            throw new FlowNotResumableException(instanceId, instance.Status.ToString());
        }

        var revision = instance.Revision;
        instance.Status = FlowInstanceStatus.Cancelled;
        instance.Prompt = null;
        instance.Error = FlowEngineErrors.For(FlowEngineErrors.Cancelled);
        Stamp(instance, clock.GetUtcNow());
        await instances.UpdateAsync(instance, revision, [], cancellationToken);
        return instance;
    }

    /// <summary>
    /// Hands the result of a completed instance to one caller: its window to be taken closes now (its
    /// <see cref="FlowInstance.ExpiresAt"/>). Saved against the revision the caller read, so of two callers
    /// exactly one succeeds; the other, or a caller after the window, gets an exception.
    /// </summary>
    public async Task<FlowInstance> TakeResultAsync(FlowInstance instance, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (instance.Status != FlowInstanceStatus.Completed || now >= instance.ExpiresAt)
        {
            throw new FlowNotResumableException(instance.Id, instance.Status.ToString());
        }

        var expectedRevision = instance.Revision;
        instance.UpdatedAt = now;
        instance.ExpiresAt = now;
        instance.Revision++;
        await instances.UpdateAsync(instance, expectedRevision, [], cancellationToken);
        return instance;
    }

    private async Task ThrowUnlessResumableAsync(FlowInstance instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (instance.Status == FlowInstanceStatus.Suspended && now >= instance.ExpiresAt)
        {
            var expectedRevision = instance.Revision;
            instance.Status = FlowInstanceStatus.Expired;
            instance.Prompt = null;
            Stamp(instance, now);
            await instances.UpdateAsync(instance, expectedRevision, [], cancellationToken);
        }

        switch (instance.Status)
        {
            case FlowInstanceStatus.Suspended:
                return;
            case FlowInstanceStatus.Expired:
                throw new FlowExpiredException(instance.Id);
            case FlowInstanceStatus.Running:
                // Running is only ever seen while another request holds the instance.
                throw new FlowConflictException(instance.Id);
            default:
                throw new FlowNotResumableException(instance.Id, instance.Status.ToString());
        }
    }

    private async Task RunAsync(FlowInstance instance, FlowDefinition? definition, FlowJournal journal, FlowAction? action, CancellationToken cancellationToken)
    {
        var stack = new SubFlowStack(instance);
        if (stack.Top is { } running)
        {
            // Resumed inside a sub-flow: on the version it entered, whatever was published since.
            definition = await definitions.FindAsync(instance.EnvironmentId, running.DefinitionId, running.Version, cancellationToken);
        }

        // The step budget spans every definition the instance is handed over to, and every sub-flow it runs.
        for (var steps = 1; ; steps++)
        {
            var node = definition?.FindNode(stack.CurrentNodeId);
            var step = new FlowStep(node?.Id ?? stack.CurrentNodeId, node?.Type ?? "?", action?.Name, clock.GetUtcNow(), System.Diagnostics.Stopwatch.GetTimestamp())
            {
                SubFlow = stack.Top,
            };
            if (node is null || steps > _options.StepBudget)
            {
                var code = definition is null ? FlowEngineErrors.UnknownDefinition
                    : node is null ? FlowEngineErrors.UnknownNode : FlowEngineErrors.StepBudgetExceeded;
                Fail(instance, journal, step, code);
                return;
            }

            ActivityResult result;
            using (FlowsTelemetry.StartStep(instance, node.Id, node.Type))
            {
                result = await RunStepAsync(instance, node, step, journal, action, stack.Scope, cancellationToken);
                journal.Record(step, result);
            }

            var answered = action is not null;
            action = null;

            // A sub-flow that ends hands its outcome to the node that runs it, which continues along it.
            if (stack.Top is not null && SubFlowOutcome(result) is { } returned)
            {
                (definition, node, step) = await LeaveSubFlowAsync(instance, stack, journal, returned, cancellationToken);
                if (node is null)
                {
                    Fail(instance, journal, step, FlowEngineErrors.UnknownDefinition);
                    return;
                }

                result = ActivityResult.Outcome(returned);
            }

            switch (result)
            {
                case RejectResult reject when answered:
                    throw new FlowActionRejectedException(instance.Id, reject.Error);
                case RejectResult reject:
                    EndWith(instance, FlowInstanceStatus.Failed, reject.Error);
                    return;
                case OutcomeResult outcome when definition!.FindNext(node.Id, outcome.Name) is { } next:
                    stack.MoveTo(next);
                    instance.Prompt = null;
                    continue;
                case RunSubFlowResult run:
                    definition = await EnterSubFlowAsync(instance, stack, node, run, cancellationToken);
                    if (definition is null)
                    {
                        Fail(instance, journal, step, stack.Depth >= SubFlowStack.MaxDepth ? FlowEngineErrors.SubFlowTooDeep : FlowEngineErrors.UnknownDefinition);
                        return;
                    }

                    instance.Prompt = null;
                    continue;
                case EndSubFlowResult:
                    Fail(instance, journal, step, FlowEngineErrors.NotInSubFlow);
                    return;
                case HandOverResult when stack.Top is not null:
                    Fail(instance, journal, step, FlowEngineErrors.HandOverInSubFlow);
                    return;
                case HandOverResult handOver:
                    if (await definitions.FindAsync(instance.EnvironmentId, handOver.DefinitionId, handOver.Version, cancellationToken) is not { } target)
                    {
                        Fail(instance, journal, step, FlowEngineErrors.UnknownDefinition);
                        return;
                    }

                    definition = target;
                    instance.DefinitionId = target.Id;
                    instance.DefinitionVersion = target.Version;
                    instance.ApplicationId = handOver.ApplicationId;
                    instance.CurrentNodeId = target.Start;
                    instance.Prompt = null;
                    continue;
                case OutcomeResult:
                    Fail(instance, journal, step, FlowEngineErrors.NoEdgeForOutcome);
                    return;
                case SuspendResult suspend:
                    instance.Status = FlowInstanceStatus.Suspended;
                    instance.Prompt = suspend.Prompt;
                    return;
                case CompleteResult:
                    EndWith(instance, FlowInstanceStatus.Completed, error: null);
                    return;
                case FailResult fail:
                    EndWith(instance, FlowInstanceStatus.Failed, fail.Error);
                    return;
            }
        }
    }

    /// <summary>How a step ends the sub-flow it runs in, as the calling node's outcome; null when the sub-flow goes on.</summary>
    private static string? SubFlowOutcome(ActivityResult result) => result switch
    {
        EndSubFlowResult end => end.Name,
        CompleteResult => SubFlowOutcomes.Success,
        FailResult => SubFlowOutcomes.Denied,
        _ => null,
    };

    /// <summary>The sub-flow's definition, entered at its start; null when it is not published or the stack is too deep.</summary>
    private async Task<FlowDefinition?> EnterSubFlowAsync(
        FlowInstance instance, SubFlowStack stack, FlowNode caller, RunSubFlowResult run, CancellationToken cancellationToken)
    {
        if (stack.Depth >= SubFlowStack.MaxDepth
            || await definitions.FindAsync(instance.EnvironmentId, run.DefinitionId, run.Version, cancellationToken) is not { } target)
        {
            return null;
        }

        stack.Enter(caller.Id, target);
        return target;
    }

    /// <summary>
    /// Back at the node that ran the ended sub-flow, in its caller's definition, with the node's step journaled as
    /// continuing along <paramref name="outcome"/>. The node is null when the caller's definition is gone.
    /// </summary>
    private async Task<(FlowDefinition? Definition, FlowNode? Node, FlowStep Step)> LeaveSubFlowAsync(
        FlowInstance instance, SubFlowStack stack, FlowJournal journal, string outcome, CancellationToken cancellationToken)
    {
        var left = stack.Leave();
        var (definitionId, version) = stack.Top is { } caller ? (caller.DefinitionId, caller.Version) : (instance.DefinitionId, instance.DefinitionVersion);
        var definition = await definitions.FindAsync(instance.EnvironmentId, definitionId, version, cancellationToken);
        var node = definition?.FindNode(left.CallerNodeId);
        var step = new FlowStep(left.CallerNodeId, node?.Type ?? "?", FlowEngineActions.SubFlowEnded, clock.GetUtcNow(), System.Diagnostics.Stopwatch.GetTimestamp())
        {
            SubFlow = stack.Top,
        };
        if (node is not null)
        {
            journal.RecordSubFlowEnded(step, outcome);
        }

        return (definition, node, step);
    }

    private async Task<ActivityResult> RunStepAsync(
        FlowInstance instance, FlowNode node, FlowStep step, FlowJournal journal, FlowAction? action, string scope, CancellationToken cancellationToken)
    {
        try
        {
            var (activity, _) = activities.Create(node);
            var context = new ActivityContext(instance, node, clock, cancellationToken, scope);
            return action is not null && activity is InteractiveActivity interactive
                ? await interactive.ResumeAsync(context, action)
                : await activity.ExecuteAsync(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            journal.RecordFault(step);
            throw new FlowStepFaultedException(instance.Id, node.Id, exception);
        }
    }

    private async Task<FlowDefinition> FindDefinitionAsync(FlowStartRequest request, CancellationToken cancellationToken)
    {
        var definition = request.Version is { } version
            ? await definitions.FindAsync(request.EnvironmentId, request.DefinitionId, version, cancellationToken)
            : await definitions.FindLatestAsync(request.EnvironmentId, request.DefinitionId, cancellationToken);
        return definition ?? throw new FlowDefinitionNotFoundException(request.DefinitionId, request.Version);
    }

    private static void Fail(FlowInstance instance, FlowJournal journal, FlowStep step, string code)
    {
        journal.RecordEngineFailure(step, code);
        EndWith(instance, FlowInstanceStatus.Failed, FlowEngineErrors.For(code));
    }

    private static void EndWith(FlowInstance instance, FlowInstanceStatus status, FlowError? error)
    {
        instance.Status = status;
        instance.Prompt = null;
        instance.Error = error;
    }

    private void Stamp(FlowInstance instance, DateTimeOffset now)
    {
        instance.UserId = instance.State.UserId;
        instance.UpdatedAt = now;
        instance.ExpiresAt = now + _options.IdleTimeout;
        instance.Revision++;
    }
}
