namespace Flows.AuthServer.Protocol;

/// <summary>
/// The lifetime each service type was registered with (the last registration, which resolution uses): tells the
/// dispatcher which handlers and filters it may keep rather than resolve on every event.
/// </summary>
public sealed class RegisteredLifetimes(IServiceCollection services)
{
    // Read on first use, after the container is built, so every registration is in.
    private readonly Lazy<Dictionary<Type, ServiceLifetime>> _lifetimes = new(() => services
        .Where(service => !service.IsKeyedService)
        .GroupBy(service => service.ServiceType)
        .ToDictionary(group => group.Key, group => group.Last().Lifetime));

    public bool IsSingleton(Type type) => _lifetimes.Value.TryGetValue(type, out var lifetime) && lifetime == ServiceLifetime.Singleton;
}
