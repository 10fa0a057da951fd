using Flows.Activities.Messaging;
using Flows.Activities.Outbound;
using Flows.Activities.SubFlows;
using Flows.Activities.Users;

namespace Flows.AuthServer.Simulation;

/// <summary>
/// What a dry run's activities are built with: the simulated services and the clock, nothing else. An activity that
/// needs another service (passkeys, outside identity providers, agreements …) cannot be built, so its step faults and
/// the dry run reports it as not simulated: nothing real can be reached by accident. A sub-flow's version is read from
/// the real published flows (reading changes nothing), so the dry run follows into sub-flows.
/// </summary>
public sealed class SimulationServices(SimulationScenario scenario, TimeProvider clock, ISubFlowVersions? subFlowVersions = null) : IServiceProvider
{
    private readonly SimulatedUserDirectory _users = new(scenario);
    private readonly SimulatedFactors _factors = new(scenario);
    private readonly SimulatedServiceClient _client = new(scenario);

    public object? GetService(Type serviceType) => serviceType switch
    {
        _ when serviceType == typeof(IUserDirectory) => _users,
        _ when serviceType == typeof(IMfaDevices) || serviceType == typeof(IRecoveryCodes)
            || serviceType == typeof(IRememberedDevices) || serviceType == typeof(IMessagedCodes) => _factors,
        _ when serviceType == typeof(IHttpServiceClient) => _client,
        _ when serviceType == typeof(TimeProvider) => clock,
        _ when serviceType == typeof(ISubFlowVersions) => subFlowVersions,
        _ => null,
    };
}
