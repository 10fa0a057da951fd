using Flows.AuthServer.Environments;
using Flows.AuthServer.SignOn;
using Microsoft.AspNetCore;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// Renders the errors OpenIddict may not send to the client — an unknown client, an unregistered redirect
/// URI — as a page for the user. OpenIddict leaves their body to the status code pages middleware.
/// </summary>
public static class ProtocolErrorPages
{
    // Only the endpoints a browser visits get a page; API endpoints keep OpenIddict's JSON errors.
    private static readonly HashSet<string> BrowserEndpoints = new(StringComparer.OrdinalIgnoreCase)
    {
        "/authorize", ResumedFlow.ResumePath, "/signoff",
    };

    public static IApplicationBuilder UseProtocolErrorPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!BrowserEndpoints.Contains(http.Request.Path.Value ?? "")
                || http.GetOpenIddictServerResponse() is not { Error: { } error } response
                || http.RequestServices.GetRequiredService<EnvironmentContext>().Current is not { } environment)
            {
                return;
            }

            var page = MessagePage.Render(environment.Name, "This request cannot be completed", $"{response.ErrorDescription} (error: {error})".TrimStart(), http.Response.StatusCode);
            await page.ExecuteAsync(http);
        });
}
