using Flows.Designer.Services;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Flows.Designer;

/// <summary>Marks the designer's assembly; the server maps its pages from here.</summary>
public static class FlowsDesigner
{
    /// <summary>Where the server hosts the designer.</summary>
    public const string BasePath = "/designer";

    /// <summary>
    /// The designer's own services (MudBlazor, the per-circuit environment selection and access). The host adds the
    /// <see cref="IDesignerFlows"/>, <see cref="IDesignerInstances"/>, <see cref="IDesignerEnvironments"/> and
    /// <see cref="IDesignerApplications"/>, <see cref="IDesignerIdentityProviders"/> and <see cref="IDesignerOutbound"/> implementations, the engine's activity registry and validator, and the
    /// authorization policies of <see cref="DesignerPolicies"/>.
    /// </summary>
    public static IServiceCollection AddFlowsDesignerComponents(this IServiceCollection services)
    {
        // Messages bottom right (at the top they would cover the editor's Save and Publish buttons), few and brief:
        // a stack of old confirmations hides the canvas.
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.MaxDisplayedSnackbars = 2;
            options.SnackbarConfiguration.VisibleStateDuration = 3000;
        });
        services.AddScoped<DesignerEnvironmentState>();
        services.AddScoped<DesignerAccess>();
        services.AddScoped<Editing.FlowClipboard>();
        return services;
    }
}
