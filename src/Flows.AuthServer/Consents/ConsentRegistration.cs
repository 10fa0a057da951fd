using Flows.Activities.Users;
using Flows.AuthServer.Protocol.Consent;

namespace Flows.AuthServer.Consents;

/// <summary>The consents of third-party applications: kept, asked for at sign-in, listed and revoked.</summary>
public static class ConsentRegistration
{
    public static IServiceCollection AddFlowsConsents(this IServiceCollection services)
    {
        services.AddScoped<ConsentService>();
        services.AddScoped<IConsentGrants, ConsentGrants>();
        services.AddScoped<AuthorizationConsent>();
        return services;
    }
}
