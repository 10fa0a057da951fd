namespace Flows.AuthServer.Simulation;

/// <summary>The dry run services, for the management API and the designer alike.</summary>
public static class SimulationRegistration
{
    public static IServiceCollection AddFlowSimulation(this IServiceCollection services)
    {
        services.AddScoped<SimulationDefinitions>();
        services.AddScoped<SimulatedUsers>();
        services.AddScoped<FlowSimulator>();
        return services;
    }
}
