using Flows.AuthServer.Agreements;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Audit;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.Messaging;
using Flows.AuthServer.Outbound;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Provisioning;

/// <summary>
/// Registers environment import and the start-up bootstrapper. Needs what the server registers elsewhere:
/// the server data, the engine, OpenIddict core, <see cref="EnvironmentCatalog"/>, the key store and users.
/// </summary>
public static class EnvironmentImportRegistration
{
    public static IServiceCollection AddFlowsEnvironmentImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnvironmentImportOptions>().Configure<IHostEnvironment>((options, host) =>
        {
            options.Files = ConfiguredFiles(configuration.GetSection(EnvironmentImportOptions.Section))
                .Select(path => Path.GetFullPath(path, host.ContentRootPath))
                .ToList();
            if (configuration[EnvironmentImportOptions.WorkflowsPathKey] is { Length: > 0 } workflows)
            {
                options.WorkflowsPath = Path.GetFullPath(workflows, host.ContentRootPath);
            }
        });

        services.AddSingleton<EnvironmentFileValidator>();
        services.AddScoped<ShippedFlows>();
        services.AddScoped<ApplicationImporter>();
        services.AddScoped<UserImporter>();
        services.AddScoped<EnvironmentImporter>();
        services.AddScoped<AdminDefaultFlowUpgrade>();
        services.AddScoped<EnvironmentExporter>();
        services.AddScoped<EnvironmentRemover>();
        services.AddScoped<EnvironmentService>();
        services.AddScoped<PublishedFlows>();
        services.AddScoped<ApplicationEditor>();
        services.AddScoped<ApplicationValidation>();
        services.AddScoped<ApplicationService>();
        services.TryAddSingleton<AuditLog>();

        // An environment file's outbound settings are stored by the service that holds their rules.
        services.TryAddScoped<OutboundService>();

        // And its agreements by theirs.
        services.TryAddScoped<AgreementService>();
        services.TryAddSingleton<OutboundSecretProtector>();
        services.TryAddScoped<MessagingService>();
        services.TryAddSingleton<MessagingSecretProtector>();
        services.AddSingleton<EnvironmentBootstrapper>();
        services.TryAddSingleton(provider =>
            OperatorConsole.ForProcess(configuration, provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        return services;
    }

    /// <summary>The array's entries, or a single path given as a plain value; blank entries switch a file off.</summary>
    private static IEnumerable<string> ConfiguredFiles(IConfigurationSection section)
    {
        var files = section.Value is { Length: > 0 } single
            ? [single]
            : section.GetChildren().Select(child => child.Value ?? "");
        return files.Where(path => !string.IsNullOrWhiteSpace(path));
    }
}
