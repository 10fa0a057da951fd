using Flows.AuthServer.Environments;
using Flows.AuthServer.Hosting;

namespace Flows.AuthServer.Management;

/// <summary>
/// Every error the management API returns, as RFC 9457 problem details with a stable <c>code</c>; validation
/// errors add <c>errors</c>, each field with its messages. No exception text or internal id reaches a response.
/// </summary>
public static class ManagementProblems
{
    public const string Unauthorized = "UNAUTHORIZED";
    public const string InsufficientScope = "INSUFFICIENT_SCOPE";
    public const string NotFound = "NOT_FOUND";
    public const string AlreadyExists = "ALREADY_EXISTS";
    public const string InvalidData = "INVALID_DATA";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PreconditionFailed = "PRECONDITION_FAILED";
    public const string MethodNotAllowedCode = "METHOD_NOT_ALLOWED";
    public const string Conflict = "CONFLICT";

    public static IResult MissingOrInvalidToken(bool tokenPresent) =>
        Problem(StatusCodes.Status401Unauthorized, Unauthorized, "Unauthorized", tokenPresent
            ? "The access token is not valid here: it must be an unexpired access token of the admin environment."
            : "This API needs a bearer access token of the admin environment.");

    public static IResult ScopeMissing(string scope) =>
        Problem(StatusCodes.Status403Forbidden, InsufficientScope, "Insufficient scope", $"This request needs the scope {scope}.");

    public static IResult Missing(string what) =>
        Problem(StatusCodes.Status404NotFound, NotFound, "Not found", $"{what} does not exist.");

    public static IResult Duplicate(string what) =>
        Problem(StatusCodes.Status409Conflict, AlreadyExists, "Already exists", $"{what} exists already.");

    public static IResult NoSuchPath() =>
        Problem(StatusCodes.Status404NotFound, NotFound, "Not found", "No resource of this API has this path; see /v1/openapi.json.");

    public static IResult MethodNotAllowed(string method) =>
        Problem(StatusCodes.Status405MethodNotAllowed, MethodNotAllowedCode, "Method not allowed", $"This resource does not take {method}.");

    public static IResult Stale() =>
        Problem(StatusCodes.Status412PreconditionFailed, PreconditionFailed, "Precondition failed",
            "The resource changed since it was read (If-Match names an older ETag); read it again and retry.");

    /// <summary>409 for a request that is well-formed but clashes with the resource's state.</summary>
    public static IResult InConflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, Conflict, "Conflict", detail);

    public static IResult Invalid(IEnumerable<FieldProblem> problems)
    {
        var errors = problems
            .GroupBy(problem => problem.Field, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray(), StringComparer.Ordinal);
        return Problem(StatusCodes.Status400BadRequest, InvalidData, "Invalid data", "One or more values are not valid; see errors.",
            new Dictionary<string, object?> { ["errors"] = errors });
    }

    public static IResult Invalid(string field, string message) => Invalid([new FieldProblem(field, message)]);

    /// <summary>
    /// 400 for a flow definition the engine's validator refuses: <c>errors</c> keyed by where each problem is
    /// (<c>nodes.{id}</c> …) and <c>problems</c>, each with its stable code, node and property.
    /// </summary>
    public static IResult InvalidDefinition(IReadOnlyDictionary<string, string[]> errors, object problems) =>
        Problem(StatusCodes.Status400BadRequest, InvalidData, "Invalid flow definition", "The flow definition has problems; see errors.",
            new Dictionary<string, object?> { ["errors"] = errors, ["problems"] = problems });

    public static IResult UnreadableBody(string detail) =>
        Problem(StatusCodes.Status400BadRequest, InvalidRequest, "Invalid body", detail);

    public static IResult NotJson() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType, "Unsupported media type", "The body must be application/json.");

    private static IResult Problem(int status, string code, string title, string detail, Dictionary<string, object?>? extensions = null) =>
        ProblemJson.Create(status, code, title, detail, extensions);
}
