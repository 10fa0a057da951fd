using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Audit;

/// <summary>Who makes a change (a token's or a signed-in administrator's subject) and the method and path it came through.</summary>
public sealed record AuditActor(string Subject, string Method, string Path)
{
    /// <summary>Logged when no subject is known, e.g. a test host's own scope.</summary>
    public const string Unknown = "unknown";

    /// <summary>The caller of a <c>/v1</c> request.</summary>
    public static AuditActor Of(HttpContext http) =>
        new(SubjectOf(http.User), http.Request.Method, http.Request.Path.Value ?? "");

    public static string SubjectOf(ClaimsPrincipal user) => user.FindFirstValue(Claims.Subject) ?? Unknown;
}
