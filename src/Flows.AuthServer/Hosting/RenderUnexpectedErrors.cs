using Flows.AuthServer.Failures;
using Microsoft.AspNetCore.Diagnostics;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// The last resort for an exception nothing else handled: logs it once with the request's trace id and answers
/// <see cref="ErrorCatalog.Unexpected"/> in the shape of the surface that was called — problem JSON for the
/// JSON APIs, an OAuth error for the token endpoints, a page for people — never with the exception's text.
/// A request body the server could not read is no fault of the server's: that one is a 400 and a warning.
/// </summary>
public sealed class RenderUnexpectedErrors(ILogger<RenderUnexpectedErrors> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.Response.HasStarted)
        {
            return false;
        }

        // Bad chunk framing, a body cut short or over the size limit, met by whichever reader came first (the JSON
        // APIs read their bodies themselves; forms are read by RejectUnreadableRequests).
        if (exception is BadHttpRequestException unreadable)
        {
            logger.LogWarning("{Method} {Path} refused as unreadable: {Cause}", http.Request.Method, http.Request.PathBase.Add(http.Request.Path), unreadable.Message);
            if (!http.RequestAborted.IsCancellationRequested)
            {
                await ErrorSurfaces.Render(http, ErrorCatalog.UnreadableBody, OpenIddictConstants.Errors.InvalidRequest).ExecuteAsync(http);
            }

            return true;
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
    // The page names no environment: the failure may be the environment's own resolution.
    public static IResult RenderFor(HttpContext http, string traceId) =>
        ErrorSurfaces.Render(http, ErrorCatalog.Unexpected, OpenIddictConstants.Errors.ServerError, traceId: traceId);
}
