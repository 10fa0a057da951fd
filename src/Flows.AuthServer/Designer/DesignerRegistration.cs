using Flows.AuthServer.Designer.Adapters;
using Flows.AuthServer.Designer.Authorization;
using Flows.AuthServer.Hosting;
using Flows.Designer;
using Flows.Designer.Components;
using Flows.Designer.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;

namespace Flows.AuthServer.Designer;

/// <summary>
/// Hosts the designer under <c>/designer</c>: interactive server components in their own pipeline branch (so
/// the base href, the Blazor hub and its static files all live under that path), behind the designer's sign-in.
/// </summary>
public static class DesignerRegistration
{
    public static IServiceCollection AddFlowsDesigner(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddOptions<DesignerOptions>().BindConfiguration(DesignerOptions.Section);
        services.AddSingleton<DesignerAdministrators>();
        services.AddSingleton<DesignerCookieValidator>();

        // Per circuit: its sign-in is revalidated while it lives.
        services.AddScoped<AuthenticationStateProvider, DesignerAuthenticationStateProvider>();
        services.AddFlowsDesignerComponents();
        services.AddSingleton<DesignerPublicUrl>();
        services.AddDesignerAuthentication();
        services.AddHostedService<DesignerClientBootstrapService>();

        // Per circuit: the audit log names the administrator signed in to it, and what they may do is asked of it.
        services.AddScoped<DesignerActor>();
        services.AddScoped<ServerDesignerFlows>();
        services.AddScoped<ServerDesignerInstances>();
        services.AddScoped<ServerDesignerFunnels>();
        services.AddScoped<ServerDesignerSimulations>();
        services.AddScoped<ServerDesignerApplications>();
        services.AddScoped<ServerDesignerIdentityProviders>();
        services.AddScoped<ServerDesignerOutbound>();
        services.AddScoped<ServerDesignerEmailSettings>();
        services.AddScoped<ServerDesignerUserSchema>();
        services.AddScoped<IDesignerFlows, AuthorizedDesignerFlows>();
        services.AddScoped<IDesignerInstances, AuthorizedDesignerInstances>();
        services.AddScoped<IDesignerFunnels, AuthorizedDesignerFunnels>();
        services.AddScoped<IDesignerSimulations, AuthorizedDesignerSimulations>();
        services.AddScoped<IDesignerApplications, AuthorizedDesignerApplications>();
        services.AddScoped<IDesignerIdentityProviders, AuthorizedDesignerIdentityProviders>();
        services.AddScoped<IDesignerOutbound, AuthorizedDesignerOutbound>();
        services.AddScoped<IDesignerEmailSettings, AuthorizedDesignerEmailSettings>();
        services.AddScoped<IDesignerUserSchema, AuthorizedDesignerUserSchema>();
        services.AddScoped<ServerDesignerAgreements>();
        services.AddScoped<IDesignerAgreements, AuthorizedDesignerAgreements>();
        services.AddSingleton<IDesignerEnvironments, ServerDesignerEnvironments>();
        return services;
    }

    /// <summary>
    /// Maps the designer branch. Call it before the root pipeline's <c>UseRouting</c>: the root routes (e.g.
    /// <c>/{env}/flows/{id}</c>) would otherwise claim designer paths before the branch routes them.
    /// </summary>
    public static WebApplication MapFlowsDesigner(this WebApplication app)
    {
        app.Map(FlowsDesigner.BasePath, designer =>
        {
            designer.UseMiddleware<RejectUnreadableRequests>();
            designer.UseAuthentication();
            designer.Use(RequireSignInAsync);
            designer.UseRouting();
            designer.UseAuthorization();
            designer.UseAntiforgery();
            designer.UseEndpoints(endpoints =>
            {
                endpoints.MapStaticAssets();
                // A POST whose form carries the antiforgery token: a GET, or a form posted from another site, signs no one out.
                endpoints.MapPost("/signout", SignOutAsync);
                endpoints.MapRazorComponents<App>()
                    .AddInteractiveServerRenderMode()
                    .RequireAuthorization(DesignerAuthentication.Policy);
            });
        });
        return app;
    }

    /// <summary>Nothing under /designer (pages, hub, files) answers before the administrator has signed in.</summary>
    private static async Task RequireSignInAsync(HttpContext context, RequestDelegate next)
    {
        var result = await context.AuthenticateAsync(DesignerAuthentication.CookieScheme);
        if (!result.Succeeded)
        {
            await context.ChallengeAsync(DesignerAuthentication.CookieScheme);
            return;
        }

        context.User = result.Principal;
        await next(context);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        await context.SignOutAsync(DesignerAuthentication.CookieScheme);
        await context.SignOutAsync(DesignerAuthentication.OidcScheme, new AuthenticationProperties { RedirectUri = context.Request.PathBase + "/" });
        return Results.Empty;
    }
}
