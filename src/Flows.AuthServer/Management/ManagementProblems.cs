using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;

namespace Flows.AuthServer.Management;

/// <summary>
/// Every error the management API returns, rendered from <see cref="ErrorCatalog"/> as RFC 9457 problem details with a stable <c>code</c>; validation
/// errors add <c>errors</c>, each field with its messages. No exception text or internal id reaches a response.
/// </summary>
public static class ManagementProblems
{
    public const string Unauthorized = ErrorCodes.Unauthorized;
    public const string InsufficientScope = ErrorCodes.InsufficientScope;
    public const string NotFound = ErrorCodes.NotFound;
    public const string AlreadyExists = ErrorCodes.AlreadyExists;
    public const string InvalidData = ErrorCodes.InvalidData;
    public const string InvalidRequest = ErrorCodes.InvalidRequest;
    public const string UnsupportedMediaType = ErrorCodes.UnsupportedMediaType;
    public const string PreconditionFailed = ErrorCodes.PreconditionFailed;
    public const string MethodNotAllowedCode = ErrorCodes.MethodNotAllowed;
    public const string Conflict = ErrorCodes.Conflict;

    /// <summary>A service's refusal: its catalog entry with the sentence naming the case, or the problem of each field.</summary>
    public static IResult Of(ServiceError error) =>
        error.Fields.Count > 0 ? Invalid(error.Fields) : ProblemJson.Render(error.Entry, error.Detail);

    public static IResult MissingOrInvalidToken(bool tokenPresent) =>
        ProblemJson.Render(ErrorCatalog.NoToken, tokenPresent
            ? "The access token is not valid here: it must be an unexpired access token of the admin environment."
            : null);

    public static IResult ScopeMissing(string scope) =>
        ProblemJson.Render(ErrorCatalog.ScopeMissing, $"This request needs the scope {scope}.");

    public static IResult Missing(string what) =>
        ProblemJson.Render(ErrorCatalog.ResourceNotFound, $"{what} does not exist.");

    public static IResult Duplicate(string what) =>
        ProblemJson.Render(ErrorCatalog.Duplicate, $"{what} exists already.");

    public static IResult NoSuchPath() =>
        ProblemJson.Render(ErrorCatalog.ResourceNotFound, "No resource of this API has this path; see /v1/openapi.json.");

    public static IResult MethodNotAllowed(string method) =>
        ProblemJson.Render(ErrorCatalog.WrongMethod, $"This resource does not take {method}.");

    public static IResult Stale() => ProblemJson.Render(ErrorCatalog.Stale);

    /// <summary>409 for a request that is well-formed but clashes with the resource's state.</summary>
    public static IResult InConflict(string detail) => ProblemJson.Render(ErrorCatalog.ResourceConflict, detail);

    public static IResult Invalid(IEnumerable<FieldProblem> problems)
    {
        var errors = problems
            .GroupBy(problem => problem.Field, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(problem => problem.Message).ToArray(), StringComparer.Ordinal);
        return ProblemJson.Render(ErrorCatalog.Invalid, extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }

    public static IResult Invalid(string field, string message) => Invalid([new FieldProblem(field, message)]);

    /// <summary>
    /// 400 for a flow definition the engine's validator refuses: <c>errors</c> keyed by where each problem is
    /// (<c>nodes.{id}</c> …) and <c>problems</c>, each with its stable code, node and property.
    /// </summary>
    public static IResult InvalidDefinition(IReadOnlyDictionary<string, string[]> errors, object problems) =>
        ProblemJson.Render(ErrorCatalog.InvalidDefinition, extensions: new Dictionary<string, object?> { ["errors"] = errors, ["problems"] = problems });

    public static IResult UnreadableBody(string detail) =>
        ProblemJson.Render(ErrorCatalog.UnreadableBody, detail);

    public static IResult NotJson() => ProblemJson.Render(ErrorCatalog.NotJson);
}
