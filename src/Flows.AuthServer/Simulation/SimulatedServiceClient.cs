using Flows.Activities.Outbound;

namespace Flows.AuthServer.Simulation;

/// <summary>Outside services in a dry run: each call is answered from the mock of its URL, and never sent.</summary>
public sealed class SimulatedServiceClient(SimulationScenario scenario) : IHttpServiceClient
{
    public Task<ServiceAnswer> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        if (!scenario.Mocks.TryGetValue(call.Url, out var mock))
        {
            scenario.Record(SimulationEffectKinds.Call, $"{call.Method} {call.Url}: no mock, answered as failed.");
            return Task.FromResult(ServiceAnswer.Failed);
        }

        scenario.Record(SimulationEffectKinds.Call, $"{call.Method} {call.Url}: answered from its mock ({mock.Outcome ?? SimulatedServiceOutcomes.Answered}).");
        return Task.FromResult(mock.Outcome switch
        {
            SimulatedServiceOutcomes.Failed => ServiceAnswer.Failed,
            SimulatedServiceOutcomes.TimedOut => ServiceAnswer.TimedOut,
            _ => ServiceAnswer.Answered(mock.Body?.DeepClone().AsObject() ?? []),
        });
    }
}
