using Flows.Activities.SubFlows;
using Flows.AuthServer.FlowDefinitions;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using FlowError = Flows.AuthServer.FlowDefinitions.FlowError;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// Runs a flow dry: the engine's own runner runs the definition, with an in-memory instance store and simulated
/// services (<see cref="SimulationServices"/>), from the start through each answer in turn. Nothing real happens: no
/// instance, journal, lockout count, replay mark, message, outside call, session, token or audit entry.
/// </summary>
public sealed class FlowSimulator(
    SimulationDefinitions definitions,
    SimulatedUsers users,
    IFlowDefinitionStore published,
    ISubFlowVersions subFlowVersions,
    ActivityRegistry registry,
    TimeProvider clock,
    IOptions<FlowEngineOptions> options)
{
    /// <summary>
    /// Runs the flow's stored draft or version, or <paramref name="unsaved"/> when given: the designer runs what its
    /// canvas shows, saved or not.
    /// </summary>
    public async Task<FlowServiceResult<FlowSimulationResource>> SimulateAsync(
        string environmentId, string flowId, FlowSimulationRequest request, CancellationToken cancellationToken, FlowDefinition? unsaved = null)
    {
        if (SimulationRequestCheck.FindProblems(request) is { Count: > 0 } problems)
        {
            return FlowError.Invalid(problems);
        }

        var definition = unsaved is not null && request.Version is null
            ? FlowServiceResult<FlowDefinition>.Ok(unsaved)
            : await definitions.FindAsync(environmentId, flowId, request, cancellationToken);
        if (definition.Error is { } missing)
        {
            return missing;
        }

        var resolved = await users.ResolveAsync(environmentId, request.User!, cancellationToken);
        if (resolved.Error is { } unknownUser)
        {
            return unknownUser;
        }

        var (user, reads) = resolved.Value;
        var scenario = new SimulationScenario(environmentId, user, request.Mocks ?? [], reads);
        var run = new SimulationRun(scenario, definition.Value!, published, subFlowVersions, registry, clock, options);
        return await run.ExecuteAsync(request, cancellationToken);
    }
}

/// <summary>One dry run: starts the flow, gives each answer, and reports.</summary>
internal sealed class SimulationRun(
    SimulationScenario scenario,
    FlowDefinition definition,
    IFlowDefinitionStore published,
    ISubFlowVersions subFlowVersions,
    ActivityRegistry registry,
    TimeProvider clock,
    IOptions<FlowEngineOptions> options)
{
    private readonly SimulatedInstanceStore _store = new(scenario);
    private readonly List<SimulatedRoundResource> _rounds = [];

    public async Task<FlowServiceResult<FlowSimulationResource>> ExecuteAsync(FlowSimulationRequest request, CancellationToken cancellationToken)
    {
        var runner = new FlowRunner(
            new SimulatedDefinitionStore(definition, published), _store,
            new ActivityFactory(registry, new SimulationServices(scenario, clock, subFlowVersions)), clock, options);
        var user = scenario.User.User;
        var start = new FlowStartRequest(scenario.EnvironmentId, definition.Id)
        {
            Version = definition.Version,
            UserId = request.StepUp == true ? user.Id : null,
            Username = request.StepUp == true ? user.Username : null,
            Variables = request.Variables,
        };

        FlowInstance instance;
        try
        {
            instance = await runner.StartAsync(start, cancellationToken);
        }
        catch (FlowStepFaultedException fault)
        {
            return Report(null, fault, action: null);
        }

        Remember(instance, answer: null);
        var answers = request.Answers ?? [];
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            if (instance.Status != FlowInstanceStatus.Suspended)
            {
                return FlowError.Invalid($"answers[{i}]", $"The flow had already ended ({Ending(instance)}) before this answer.");
            }

            if (!instance.Prompt!.Accepts(answer.Action!))
            {
                return FlowError.Invalid($"answers[{i}].action",
                    $"The flow waits on {instance.Prompt.Status}, which accepts {string.Join(", ", instance.Prompt.Actions)}.");
            }

            scenario.Round = i + 1;
            scenario.Verdict = answer.Verdict;
            var action = SimulatedAnswers.ToAction(answer, instance.Prompt, scenario.User, clock.GetUtcNow());
            try
            {
                instance = await runner.ResumeAsync(instance.Id, action, cancellationToken);
            }
            catch (FlowActionRejectedException)
            {
                // A refused answer leaves the flow as it was, waiting on the same prompt.
                instance = (await _store.FindAsync(instance.Id, cancellationToken))!;
            }
            catch (FlowStepFaultedException fault)
            {
                return Report(instance, fault, answer.Action);
            }

            Remember(instance, answer);
        }

        return Report(instance, fault: null, action: null);
    }

    private void Remember(FlowInstance instance, SimulatedAnswer? answer) => _rounds.Add(new SimulatedRoundResource(
        scenario.Round, answer?.Action, answer?.Verdict, instance.Prompt?.Status, SimulationReport.ErrorOf(instance),
        SimulationReport.StateOf(instance.State)));

    private FlowServiceResult<FlowSimulationResource> Report(FlowInstance? instance, FlowStepFaultedException? fault, string? action)
    {
        if (fault is not null)
        {
            _store.RecordFault(fault.NodeId, definition.FindNode(fault.NodeId)?.Type ?? "?", action);
        }

        return FlowServiceResult<FlowSimulationResource>.Ok(
            SimulationReport.Of(definition, scenario, _store.Journal, _rounds, instance, faulted: fault is not null));
    }

    private static string Ending(FlowInstance instance) => SimulationReport.EndingOf(instance, faulted: false);
}
