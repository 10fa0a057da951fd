using System.Text.Encodings.Web;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// A plain server-rendered page with a title and a message, for outcomes that have no form: a bad
/// authorization request, a signed-out session. Never redirects anywhere.
/// </summary>
public static class MessagePage
{
    public static IResult Render(string environmentName, string title, string message, int statusCode) =>
        Results.Content(Html(environmentName, title, message, reference: null), "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>The page of a hosted page problem, with the trace id of a server fault as its reference.</summary>
    public static IResult Render(string environmentName, HostedPageProblem problem) =>
        Results.Content(Html(environmentName, problem.Title, problem.Message, problem.TraceId), "text/html; charset=utf-8", statusCode: problem.StatusCode);

    private static string Html(string environmentName, string title, string message, string? reference)
    {
        var encoder = HtmlEncoder.Default;
        var referenceLine = reference is null ? "" : $"""<p class="reference">Reference: <code>{encoder.Encode(reference)}</code></p>""";
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
                {{referenceLine}}
              </main>
            </body>
            </html>
            """;
    }
}
