using Flows.AuthServer.Failures;
using Flows.AuthServer.RateLimiting;
using Flows.Engine.Runtime;

namespace Flows.AuthServer.Flows;

/// <summary>
/// Every error the JSON flow API returns, rendered from <see cref="ErrorCatalog"/> as RFC 9457 problem details
/// with a stable <c>code</c>; no exception text or internal id ever reaches a response.
/// </summary>
public static class FlowApiProblems
{
    public const string ContentType = ProblemJson.ContentType;

    /// <summary>
    /// The problem for an error of the flow service; a fault of the server's own (a failed step, an unknown
    /// error) is logged once and answered with its trace id.
    /// </summary>
    public static IResult For(FlowException exception, HttpContext http)
    {
        if (exception is FlowActionNotAllowedException notAllowed)
        {
            return ActionNotAllowed(FlowMediaTypes.ActionOf(http.Request.ContentType), notAllowed.AllowedActions);
        }

        if (exception is FlowActionRejectedException rejected)
        {
            // The step's own words are written for the user; they name no internal detail.
            var members = new Dictionary<string, object?> { ["reason"] = rejected.Error.Code };
            if (rejected.Error.Details is { Count: > 0 } details)
            {
                members["details"] = details.Select(detail => new { code = detail.Code, target = detail.Target, message = detail.Message }).ToList();
            }
            else if (rejected.Error.Target is { } target)
            {
                // As PingOne's details: the field a client marks.
                members["details"] = new[] { new { code = rejected.Error.Code, target, message = rejected.Error.Message } };
            }

            return ProblemJson.Render(ErrorCatalog.ActionRejected, rejected.Error.Message, members);
        }

        if (exception is FlowRateLimitedException limited)
        {
            http.Response.Headers.RetryAfter = RateLimitPartitions.RetryAfterSeconds(limited.RetryAfter);
        }

        var entry = ErrorCatalog.For(exception);
        return ProblemJson.Render(entry, traceId: entry.IsServerFault ? ErrorTrace.Report(http, exception) : null);
    }

    public static IResult ActionNotAllowed(string? action, IReadOnlyList<string> allowed) =>
        ProblemJson.Render(ErrorCatalog.ActionNotAllowed,
            $"{(action is null ? "The content type names no action" : $"The action '{action}' is not allowed now")}; allowed: " +
            $"{string.Join(", ", allowed.Select(FlowMediaTypes.For))}.",
            new Dictionary<string, object?> { ["allowedActions"] = allowed });

    public static IResult InvalidBody() => ProblemJson.Render(ErrorCatalog.InvalidBody);
}
