namespace Flows.AuthServer.Hosting;

/// <summary>
/// The body both JSON APIs (the flow API and the management API) answer errors with: RFC 9457 problem details
/// plus a stable <c>code</c>, and extension members such as field errors.
/// </summary>
public static class ProblemJson
{
    public const string ContentType = "application/problem+json";

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
