using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// Registers the server-rendered hosted pages: Razor Pages rooted at the project, so pages live next to their
/// code (<c>SignOn/</c>, <c>TryIt/</c>) and declare absolute routes under <c>/{env}</c>.
/// </summary>
public static class SignOnRegistration
{
    public static IServiceCollection AddSignOnPages(this IServiceCollection services)
    {
        // The antiforgery cookie is never Secure by default; over HTTPS it must be, as ST is.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/";
            options.Conventions.ConfigureFilter(new HostedPageHeaders());
            options.Conventions.ConfigureFilter(new ExplainAntiforgeryFailures());
        }).AddMvcOptions(options =>
        {
            // The pages post plain fields: jQuery's bracketed names (a[b]) mean nothing to them, and its value
            // provider throws on a name whose bracket is not closed.
            options.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
            options.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
        });
        return services;
    }

    /// <summary>
    /// Maps every hosted page (sign-on and try-it). Razor Pages check the antiforgery token of every POST.
    /// Static files (the style sheet) must be served earlier in the pipeline, before routing.
    /// </summary>
    public static IEndpointRouteBuilder MapSignOnPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        return endpoints;
    }
}
