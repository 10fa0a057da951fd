using System.Text.Encodings.Web;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// A plain server-rendered page with a title and a message, for outcomes that have no form: a bad
/// authorization request, a signed-out session. Never redirects anywhere.
/// </summary>
public static class MessagePage
{
    public static IResult Render(string environmentName, string title, string message, int statusCode) =>
        new Page(environmentName, title, message, Reference: null, statusCode);

    /// <summary>The page of a hosted page problem, with the trace id of a server fault as its reference.</summary>
    public static IResult Render(string environmentName, HostedPageProblem problem) =>
        new Page(environmentName, problem.Title, problem.Message, problem.TraceId, problem.StatusCode);

    // Rendered when the response is written, so the style sheet follows the request's public path base.
    private sealed record Page(string EnvironmentName, string Title, string Message, string? Reference, int StatusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) =>
            Results.Content(
                Html(EnvironmentName, Title, Message, Reference, HostedPageLayout.StyleSheetPath(httpContext.Request)),
                "text/html; charset=utf-8", statusCode: StatusCode).ExecuteAsync(httpContext);
    }

    private static string Html(string environmentName, string title, string message, string? reference, string styleSheet)
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
              <link rel="stylesheet" href="{{encoder.Encode(styleSheet)}}">
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
