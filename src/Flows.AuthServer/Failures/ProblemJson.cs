namespace Flows.AuthServer.Failures;

/// <summary>
/// The body both JSON APIs (the flow API and the management API) answer errors with: RFC 9457 problem details
/// plus a stable <c>code</c>, and extension members such as field errors or the <c>traceId</c> of a server fault.
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

        return Results.Json(body, contentType: ContentType, statusCode: status);
    }
}
