using Flows.Activities.Users;

namespace Flows.AuthServer.Consents;

/// <summary>The consents of third-party applications: kept, found by the flows' consent step, listed and revoked.</summary>
public static class ConsentRegistration
{
    public static IServiceCollection AddFlowsConsents(this IServiceCollection services)
    {
        services.AddScoped<ConsentService>();
        services.AddScoped<IConsentGrants, ConsentGrants>();
        return services;
    }
}
