using System.Text.Encodings.Web;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// A plain server-rendered page with a title and a message, for outcomes that have no form: a bad
/// authorization request, a signed-out session. Never redirects anywhere.
/// </summary>
public static class MessagePage
{
    public static IResult Render(string environmentName, string title, string message, int statusCode) =>
        Results.Content(Html(environmentName, title, message), "text/html; charset=utf-8", statusCode: statusCode);

    private static string Html(string environmentName, string title, string message)
    {
        var encoder = HtmlEncoder.Default;
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{encoder.Encode(title)}} · {{encoder.Encode(environmentName)}}</title>
              <link rel="stylesheet" href="/css/signon.css">
            </head>
            <body>
              <main class="card" role="main">
                <p class="environment">{{encoder.Encode(environmentName)}}</p>
                <h1>{{encoder.Encode(title)}}</h1>
                <p role="alert">{{encoder.Encode(message)}}</p>
              </main>
            </body>
            </html>
            """;
    }
}
