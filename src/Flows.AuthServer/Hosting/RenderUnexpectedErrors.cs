using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Flows.AuthServer.SignOn;
using Microsoft.AspNetCore.Diagnostics;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// The last resort for an exception nothing else handled: logs it once with the request's trace id and answers
/// <see cref="ErrorCatalog.Unexpected"/> in the shape of the surface that was called — problem JSON for the
/// JSON APIs, an OAuth error for the token endpoints, a page for people — never with the exception's text.
/// </summary>
public sealed class RenderUnexpectedErrors : IExceptionHandler
{
    // The endpoints whose clients read OAuth error JSON (RFC 6749 §5.2, RFC 7662 §2.3, RFC 7009 §2.2.1).
    private static readonly string[] OAuthEndpoints = ["token", "introspect", "revoke"];

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.Response.HasStarted)
        {
            return false;
        }

        var traceId = ErrorTrace.Report(http, exception);
        await RenderFor(http, traceId).ExecuteAsync(http);
        return true;
    }

    /// <summary>
    /// Puts the exception handler middleware first. It insists on a handler of its own besides the registered
    /// <see cref="IExceptionHandler"/>; that one is never reached, as this class handles every exception it is given.
    /// </summary>
    public static IApplicationBuilder UseUnexpectedErrorRendering(IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = _ => Task.CompletedTask });

    /// <summary>The UNEXPECTED_ERROR answer for the surface the request's path belongs to.</summary>
    public static IResult RenderFor(HttpContext http, string traceId)
    {
        var entry = ErrorCatalog.Unexpected;
        return SurfaceOf(http.Request.PathBase.Add(http.Request.Path).Value ?? "") switch
        {
            Surface.ProblemJson => ProblemJson.Render(entry, traceId: traceId),
            Surface.OAuth => Results.Json(
                new Dictionary<string, string>
                {
                    [OpenIddictConstants.Parameters.Error] = OpenIddictConstants.Errors.ServerError,
                    [OpenIddictConstants.Parameters.ErrorDescription] = entry.Detail,
                    [ErrorTrace.Extension] = traceId,
                },
                statusCode: entry.Status),
            // The page names no environment: the failure may be the environment's own resolution.
            _ => MessagePage.Render("", HostedPageProblem.Of(entry, traceId)),
        };
    }

    private static Surface SurfaceOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["v1", ..] => Surface.ProblemJson,
            [_, "flows", ..] => Surface.ProblemJson,
            [_, EnvironmentPathMiddleware.AuthorizationServerSegment, var endpoint] when OAuthEndpoints.Contains(endpoint, StringComparer.OrdinalIgnoreCase) => Surface.OAuth,
            _ => Surface.Page,
        };
    }

    private enum Surface
    {
        ProblemJson,
        OAuth,
        Page,
    }
}
