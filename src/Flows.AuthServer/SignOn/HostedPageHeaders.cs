using Microsoft.AspNetCore.Mvc.Filters;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// The security headers of every hosted page (sign-on and try-it): never framed (clickjacking on a password
/// form), never cached (pages carry flow ids and tokens), no referrer (URLs carry flow ids and ID tokens).
/// </summary>
public sealed class HostedPageHeaders : IAlwaysRunResultFilter
{
    // No scripts at all; styles from our own origin. form-action is left out on purpose: a completed sign-on
    // redirects to the client's own origin, and browsers apply form-action to redirects after a POST.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

    // A passkey step alone runs a script, our own static file: WebAuthn has no form a page could post without one.
    private const string ContentSecurityPolicyWithScript =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

    private static readonly object ScriptsAllowedKey = new();

    private const string ReferrerPolicyHeader = "Referrer-Policy";

    // "no-cache" too, because the antiforgery system rewrites Cache-Control to "no-cache, no-store" anyway.
    private const string NoStore = "no-cache, no-store";

    // Runs for every result, including the 400 of a failed antiforgery check.
    public void OnResultExecuting(ResultExecutingContext context) => Apply(context.HttpContext.Response);

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }

    /// <summary>Lets this response's page load scripts from the server's own origin (and no other).</summary>
    public static void AllowOwnScripts(HttpContext http) => http.Items[ScriptsAllowedKey] = true;

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = response.HttpContext.Items.ContainsKey(ScriptsAllowedKey) ? ContentSecurityPolicyWithScript : ContentSecurityPolicy;
        headers[ReferrerPolicyHeader] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = NoStore;
        headers.Pragma = "no-cache";
    }
}
