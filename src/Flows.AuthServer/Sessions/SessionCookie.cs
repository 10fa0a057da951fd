using Flows.AuthServer.Addressing;

namespace Flows.AuthServer.Sessions;

/// <summary>
/// The <c>ST</c> cookie: HttpOnly, SameSite=Lax, Secure on HTTPS, limited to the environment's path (below the
/// public path base) so one environment never sees another's session.
/// </summary>
public static class SessionCookie
{
    public const string Name = "ST";

    public static string? Read(HttpContext context) =>
        context.Request.Cookies.TryGetValue(Name, out var token) && !string.IsNullOrEmpty(token) ? token : null;

    public static void Write(HttpContext context, string environmentId, string token, DateTimeOffset expires) =>
        context.Response.Cookies.Append(Name, token, Options(context, environmentId, expires));

    /// <summary>Sets the session's new token after a sign-in; nothing when the call signed nobody in.</summary>
    public static void Write(HttpContext context, string environmentId, RenewedSession? renewed)
    {
        if (renewed is not null)
        {
            Write(context, environmentId, renewed.Token, renewed.ExpiresAt);
        }
    }

    public static void Expire(HttpContext context, string environmentId) =>
        context.Response.Cookies.Delete(Name, Options(context, environmentId, expires: null));

    private static CookieOptions Options(HttpContext context, string environmentId, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = PublicAddress.Of(context.Request).Path($"/{environmentId}"),
        Expires = expires,
        IsEssential = true,
    };
}
