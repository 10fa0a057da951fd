using Flows.AuthServer.Hosting;

namespace Flows.AuthServer.Flows;

/// <summary>
/// Every error the JSON flow API returns, as RFC 9457 problem details with a stable <c>code</c>; no exception
/// text or internal id ever reaches a response.
/// </summary>
public static class FlowApiProblems
{
    public const string ContentType = ProblemJson.ContentType;

    public static IResult NotFound() =>
        Problem(StatusCodes.Status404NotFound, "NOT_FOUND", "Flow not found", "No such flow in this environment.");

    public static IResult Expired() =>
        Problem(StatusCodes.Status404NotFound, "FLOW_EXPIRED", "Flow expired", "This sign-in waited too long and has expired. Start again from the application.");

    public static IResult SessionRequired() =>
        Problem(StatusCodes.Status403Forbidden, "INVALID_SESSION", "Session required", "The request must carry the session cookie of the browser that started this flow.");

    public static IResult Conflict() =>
        Problem(StatusCodes.Status409Conflict, "CONFLICT", "Flow changed", "Another request changed this flow at the same time. Get the flow and try again.");

    public static IResult Ended(string status) =>
        Problem(StatusCodes.Status400BadRequest, "FLOW_ENDED", "Flow ended", $"This flow is {status} and accepts no action.");

    public static IResult ActionNotAllowed(string? action, IReadOnlyList<string> allowed) =>
        Problem(StatusCodes.Status400BadRequest, "INVALID_ACTION", "Action not allowed",
            $"{(action is null ? "The content type names no action" : $"The action '{action}' is not allowed now")}; allowed: " +
            $"{string.Join(", ", allowed.Select(FlowMediaTypes.For))}.",
            new Dictionary<string, object?> { ["allowedActions"] = allowed });

    public static IResult InvalidBody() =>
        Problem(StatusCodes.Status400BadRequest, "INVALID_REQUEST", "Invalid body", "The body must be a JSON object of at most 16 KiB.");

    public static IResult StepFailed() =>
        Problem(StatusCodes.Status500InternalServerError, "UNEXPECTED_ERROR", "Step failed",
            "This step could not be completed. The flow is unchanged; try again.");

    private static IResult Problem(int status, string code, string title, string detail, Dictionary<string, object?>? extensions = null) =>
        ProblemJson.Create(status, code, title, detail, extensions);
}
