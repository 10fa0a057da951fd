using System.Diagnostics;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Failures;

/// <summary>
/// Logs a failure of the server's own once, at error level, under the trace id its response carries, so an
/// operator finds the exception from what the user or client quotes.
/// </summary>
public static class ErrorTrace
{
    /// <summary>The log category of every failure reported here.</summary>
    public const string Category = "Flows.AuthServer.Failures";

    /// <summary>The extension member of problem JSON that carries the trace id.</summary>
    public const string Extension = "traceId";

    /// <summary>The request's W3C trace context when tracing is on, else its own id (as ASP.NET Core's problem details).</summary>
    public static string Of(HttpContext http) => Activity.Current?.Id ?? http.TraceIdentifier;

    /// <summary>Logs the exception (a faulted step: the activity's own) and returns the trace id to show.</summary>
    public static string Report(HttpContext http, Exception exception)
    {
        var traceId = Of(http);
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        var cause = exception is FlowStepFaultedException faulted ? faulted.Fault : exception;
        logger.LogError(cause, "{Method} {Path} failed (trace id {TraceId}).", http.Request.Method, http.Request.PathBase.Add(http.Request.Path), traceId);
        return traceId;
    }
}
