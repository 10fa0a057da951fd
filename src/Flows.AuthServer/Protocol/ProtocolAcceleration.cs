using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Invalidation;
using Flows.AuthServer.Protocol.Handlers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Server;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Registers the speed-ups that replace OpenIddict internals when <see cref="ProtocolAccelerationOptions.Accelerate"/>
/// is on, and nothing of them when it is off: then OpenIddict's own services run, exactly as shipped.
/// </summary>
public static class ProtocolAcceleration
{
    /// <summary>The application cache and the manager that remembers verified client secrets.</summary>
    public static IServiceCollection AddApplicationAcceleration(this IServiceCollection services, ProtocolAccelerationOptions acceleration)
    {
        // Both are always there, for the code that forgets entries on a change; off, they never hold any.
        services.AddSingleton<VerifiedSecrets>();
        services.AddSingleton(provider => new ApplicationCache(provider.GetRequiredService<TimeProvider>(), acceleration.Accelerate));
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<ApplicationCache>());
        if (acceleration.Accelerate)
        {
            services.AddOpenIddict().AddCore(core => core.ReplaceApplicationManager<FlowsApplication, FlowsApplicationManager>());
        }

        return services;
    }

    /// <summary>The indexed dispatcher and the endpoint inference that runs once per issuer and URL.</summary>
    public static IServiceCollection AddServerAcceleration(this IServiceCollection services, ProtocolAccelerationOptions acceleration)
    {
        if (!acceleration.Accelerate)
        {
            return services;
        }

        services.AddOpenIddict().AddServer(server => server
            .RemoveEventHandler(OpenIddictServerHandlers.InferEndpointType.Descriptor)
            .AddEventHandler(InferEndpointTypeOnce.Descriptor));

        // Same behaviour as OpenIddict's dispatcher, without walking every handler for every event.
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, IndexedServerDispatcher>());
        services.AddSingleton(new RegisteredLifetimes(services));
        return services;
    }
}
