using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Flows.AuthServer.SignOn;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// Renders a catalog entry in the shape the caller of a path reads: problem JSON for the JSON APIs (<c>/v1</c>, the
/// flow API), an OAuth error for the endpoints programs call, a page for people.
/// </summary>
public static class ErrorSurfaces
{
    // The endpoints whose clients read OAuth error JSON (RFC 6749 §5.2, RFC 7662 §2.3, RFC 7009 §2.2.1, OIDC Core §5.3.3).
    private static readonly string[] OAuthEndpoints = ["token", "introspect", "revoke", "userinfo"];

    /// <summary>
    /// The entry as the request's surface shows it: <paramref name="oauthError"/> is its OAuth error code,
    /// <paramref name="detail"/> replaces the entry's generic detail, a page names <paramref name="environmentName"/>.
    /// </summary>
    public static IResult Render(
        HttpContext http, ErrorEntry entry, string oauthError, string? detail = null, string? traceId = null, string environmentName = "") =>
        Of(http.Request) switch
        {
            ErrorSurface.ProblemJson => ProblemJson.Render(entry, detail, traceId: traceId),
            ErrorSurface.OAuth => Results.Json(OAuthError(oauthError, detail ?? entry.Detail, traceId), statusCode: entry.Status),
            _ => MessagePage.Render(environmentName, HostedPageProblem.Of(entry, traceId)),
        };

    /// <summary>The surface the request's path belongs to.</summary>
    public static ErrorSurface Of(HttpRequest request)
    {
        var segments = request.PathBase.Add(request.Path).Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return segments switch
        {
            ["v1", ..] => ErrorSurface.ProblemJson,
            [_, "flows", ..] => ErrorSurface.ProblemJson,
            [_, EnvironmentPathMiddleware.AuthorizationServerSegment, var endpoint] when OAuthEndpoints.Contains(endpoint, StringComparer.OrdinalIgnoreCase) => ErrorSurface.OAuth,
            _ => ErrorSurface.Page,
        };
    }

    private static Dictionary<string, string> OAuthError(string error, string description, string? traceId)
    {
        var body = new Dictionary<string, string>
        {
            [OpenIddictConstants.Parameters.Error] = error,
            [OpenIddictConstants.Parameters.ErrorDescription] = description,
        };
        if (traceId is not null)
        {
            body[ErrorTrace.Extension] = traceId;
        }

        return body;
    }
}

/// <summary>Who reads a failure: a program of the JSON APIs, an OAuth client, or a person.</summary>
public enum ErrorSurface
{
    ProblemJson,
    OAuth,
    Page,
}
