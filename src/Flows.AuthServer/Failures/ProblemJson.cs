namespace Flows.AuthServer.Failures;

/// <summary>
/// The body both JSON APIs (the flow API and the management API) answer errors with: RFC 9457 problem details
/// plus a stable <c>code</c>, extension members such as field errors, and the request's <c>traceId</c> on every problem
/// (the one a server fault was logged under), so that an operator finds any answer in the traces and logs.
/// </summary>
public static class ProblemJson
{
    public const string ContentType = "application/problem+json";

    /// <summary>The entry as problem JSON; <paramref name="detail"/> replaces its generic detail with one naming the case.</summary>
    public static IResult Render(ErrorEntry entry, string? detail = null, IReadOnlyDictionary<string, object?>? extensions = null, string? traceId = null)
    {
        var members = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>());
        if (traceId is not null)
        {
            members[ErrorTrace.Extension] = traceId;
        }

        return Create(entry.Status, entry.Code, entry.Title, detail ?? entry.Detail, members);
    }

    public static IResult Create(int status, string code, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            body[key] = value;
        }

        return new TracedProblem(body, status);
    }

    /// <summary>The problem, with the trace id of the request that answers it unless one is set already.</summary>
    private sealed class TracedProblem(Dictionary<string, object?> body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            body.TryAdd(ErrorTrace.Extension, ErrorTrace.Of(httpContext));
            return Results.Json(body, contentType: ContentType, statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
