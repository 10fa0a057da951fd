using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Flows.AuthServer.Logout;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// The signed-out page when applications asked to be told in the browser (OpenID Connect Front-Channel Logout 1.0 §4):
/// one hidden iframe per application's logout page, then on to the verified post_logout_redirect_uri once they have
/// loaded or a timeout passed — by a few lines of script, or by the link without it. The content security policy
/// frames only those applications' origins and runs only this page's own script (by nonce).
/// </summary>
public static class FrontchannelLogoutPage
{
    public const string ContinueLinkId = "continue";

    public const string FrameClass = "logout-frame";

    /// <param name="continueTo">Where to go once the frames loaded; null stays on this page (nothing to return to).</param>
    public static IResult Render(
        HttpContext http, string environmentName, IReadOnlyList<FrontchannelLogout> frames, string? continueTo, TimeSpan timeout)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        HostedPageHeaders.Apply(http.Response);
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(frames, continueTo is null ? null : nonce);
        var html = Html(environmentName, frames, continueTo, nonce, (int)timeout.TotalMilliseconds, HostedPageLayout.StyleSheetPath(http.Request));
        return Results.Content(html, "text/html; charset=utf-8");
    }

    // The hosted pages' policy, plus the frames' origins and this page's one script.
    private static string ContentSecurityPolicy(IReadOnlyList<FrontchannelLogout> frames, string? nonce)
    {
        var origins = frames.Select(frame => new Uri(frame.Url).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.OrdinalIgnoreCase);
        var script = nonce is null ? "" : $" script-src 'nonce-{nonce}';";
        return $"default-src 'none'; style-src 'self'; img-src 'self' data:;{script} frame-src {string.Join(' ', origins)}; base-uri 'none'; frame-ancestors 'none'";
    }

    private static string Html(
        string environmentName, IReadOnlyList<FrontchannelLogout> frames, string? continueTo, string nonce, int timeoutMilliseconds, string styleSheet)
    {
        var encoder = HtmlEncoder.Default;
        var iframes = string.Join("\n", frames.Select(frame =>
            $"""    <iframe class="{FrameClass}" src="{encoder.Encode(frame.Url)}" title="Signing out of {encoder.Encode(frame.ApplicationName)}" width="0" height="0" tabindex="-1" aria-hidden="true"></iframe>"""));
        var onward = continueTo is null
            ? """<p role="alert">You can close this window.</p>"""
            : $$"""
                <p role="alert">Returning to the application…</p>
                <p><a id="{{ContinueLinkId}}" href="{{encoder.Encode(continueTo)}}">Continue</a></p>
                <script nonce="{{nonce}}">
                  (function () {
                    var target = document.getElementById('{{ContinueLinkId}}').href, done = false;
                    var frames = document.querySelectorAll('iframe.{{FrameClass}}'), left = frames.length;
                    function go() { if (!done) { done = true; window.location.replace(target); } }
                    frames.forEach(function (frame) { frame.addEventListener('load', function () { if (--left <= 0) { go(); } }); });
                    setTimeout(go, {{timeoutMilliseconds}});
                  })();
                </script>
            """;
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="referrer" content="no-referrer">
              <title>You are signed out · {{encoder.Encode(environmentName)}}</title>
              <link rel="stylesheet" href="{{encoder.Encode(styleSheet)}}">
            </head>
            <body>
              <main class="card" role="main">
                <p class="environment">{{encoder.Encode(environmentName)}}</p>
                <h1>You are signed out</h1>
            {{iframes}}
                {{onward}}
              </main>
            </body>
            </html>
            """;
    }
}
