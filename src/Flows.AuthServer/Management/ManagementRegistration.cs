using Flows.AuthServer.Administration;
using Flows.AuthServer.FlowInstances;
using Flows.AuthServer.Management.Admin;
using Flows.AuthServer.Management.Audit;
using Flows.AuthServer.Management.Authentication;
using Flows.AuthServer.Management.Conventions;
using Flows.AuthServer.Management.Endpoints;
using Flows.AuthServer.RateLimiting;
using Microsoft.AspNetCore.Authentication;

namespace Flows.AuthServer.Management;

/// <summary>
/// The management API: bootstrap administration at start-up, bearer authentication of admin tokens and the
/// read/write policies, and the <c>/v1</c> endpoints. Needs the protocol, users and environment import.
/// </summary>
public static class ManagementRegistration
{
    public static IServiceCollection AddFlowsManagement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section));
        services.AddScoped<FlowInstanceService>();
        services.AddScoped<FlowFunnelService>();
        services.AddSingleton<AdminBootstrapper>();
        services.AddHostedService<AdminBootstrapService>();

        services.AddSingleton<ManagementTokenValidator>();
        services.AddScoped<ManagementGrantValidator>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ManagementBearerHandler>(ManagementBearerHandler.SchemeName, configureOptions: null);
        services.AddAuthorization(ManagementPolicies.Add);
        services.AddManagementOpenApi();
        return services;
    }

    /// <summary>
    /// Maps <c>/v1</c>. Every endpoint needs <see cref="ManagementScopes.Read"/>, every change also
    /// <see cref="ManagementScopes.Write"/>; the pipeline must run <c>UseAuthorization</c> after routing.
    /// </summary>
    public static IEndpointRouteBuilder MapFlowsManagement(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapManagementOpenApi();
        var v1 = endpoints.MapGroup(ManagementRoutes.Root)
            .RequireAuthorization(ManagementScopes.Read)
            .RequireRateLimiting(RateLimitPolicies.ManagementRequestsPerToken)
            .AddEndpointFilter<AuditFilter>()
            .WithTags("Management");
        v1.MapAuditLog();
        v1.MapEnvironments();
        v1.MapApplications();
        v1.MapUsers();
        v1.MapFlowInstances();
        v1.MapFlowDefinitions();
        v1.MapFlowSimulation();
        v1.MapFlowFunnel();
        v1.MapSigningKeys();
        v1.MapIdentityProviders();
        v1.MapOutbound();
        v1.MapUserSchema();
        v1.MapAgreements();
        v1.MapMessaging();
        v1.MapUserContactDevices();
        return endpoints;
    }
}
