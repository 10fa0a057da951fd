using Flows.Activities.SubFlows;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Invalidation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>The flow definition services: for the management API, the designer (in-process) and the sign-in path.</summary>
public static class FlowDefinitionRegistration
{
    public static IServiceCollection AddFlowDefinitions(this IServiceCollection services)
    {
        services.AddSingleton<FlowDefaultVersions>();
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<FlowDefaultVersions>());
        services.AddSingleton<IInvalidatedCache, PublishedVersionCache>();
        services.AddSingleton<FlowActivityCatalog>();
        services.AddScoped<ManagedFlowStore>();
        services.AddScoped<FlowCatalog>();
        services.AddScoped<FlowDraftEditor>();
        services.AddScoped<FlowDraftValidation>();
        services.AddScoped<ISubFlowVersions, SubFlowVersions>();
        services.AddScoped<SubFlowReferences>();
        services.AddScoped<UserAttributeReferences>();
        services.AddScoped<FlowReleases>();
        services.AddScoped<FlowRollouts>();
        services.AddScoped<FlowDefinitionService>();
        services.TryAddSingleton<AuditLog>();
        return services;
    }
}
