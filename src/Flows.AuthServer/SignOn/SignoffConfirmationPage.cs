using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// Asks the user to confirm a sign-out the server cannot tie to them (OpenID RP-Initiated Logout 1.0 §2, §3):
/// a form that posts back to the same endpoint with an antiforgery token, so another site can neither submit
/// it nor frame it.
/// </summary>
public static class SignoffConfirmationPage
{
    /// <summary>The form field that marks the POST as the user's confirmation.</summary>
    public const string ConfirmField = "confirm";

    public const string ConfirmValue = "yes";

    public static IResult Render(HttpContext http, string environmentName, AntiforgeryTokenSet tokens)
    {
        HostedPageHeaders.Apply(http.Response);
        return Results.Content(Html(environmentName, http.Request.PathBase + http.Request.Path, HostedPageLayout.StyleSheetPath(http.Request), tokens), "text/html; charset=utf-8");
    }

    private static string Html(string environmentName, string action, string styleSheet, AntiforgeryTokenSet tokens)
    {
        var encoder = HtmlEncoder.Default;
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="referrer" content="no-referrer">
              <title>Sign out? · {{encoder.Encode(environmentName)}}</title>
              <link rel="stylesheet" href="{{encoder.Encode(styleSheet)}}">
            </head>
            <body>
              <main class="card" role="main">
                <p class="environment">{{encoder.Encode(environmentName)}}</p>
                <h1>Sign out?</h1>
                <p>An application asks to end your session here. Sign out only if you started this.</p>
                <form method="post" action="{{encoder.Encode(action)}}">
                  <input type="hidden" name="{{encoder.Encode(tokens.FormFieldName)}}" value="{{encoder.Encode(tokens.RequestToken ?? "")}}">
                  <input type="hidden" name="{{ConfirmField}}" value="{{ConfirmValue}}">
                  <button type="submit">Sign out</button>
                </form>
              </main>
            </body>
            </html>
            """;
    }
}
