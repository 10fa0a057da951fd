using Microsoft.Extensions.DependencyInjection.Extensions;
using Flows.Activities.Users;

namespace Flows.AuthServer.Agreements;

/// <summary>Registers the environments' agreements: the service <c>/v1</c> and the designer call, and what the activities use.</summary>
public static class AgreementRegistration
{
    public static IServiceCollection AddAgreements(this IServiceCollection services)
    {
        services.TryAddScoped<AgreementService>();
        services.AddScoped<IAgreements, AgreementDirectory>();
        return services;
    }
}
