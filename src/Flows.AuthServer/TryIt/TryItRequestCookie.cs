using System.Security.Cryptography;
using System.Text.Json;
using Flows.AuthServer.Addressing;
using Microsoft.AspNetCore.DataProtection;

namespace Flows.AuthServer.TryIt;

/// <summary>
/// Keeps the pending <see cref="TryItAuthorizationRequest"/> in a short-lived, data-protected cookie limited to
/// <c>/{env}/try</c>; it is read once, by the callback.
/// </summary>
public sealed class TryItRequestCookie(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string Name = "TryIt";

    private const string Purpose = "Flows.TryIt.AuthorizationRequest";

    /// <summary>How long a user may take to sign in before the callback refuses the answer.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public void Write(HttpContext http, string environmentId, TryItAuthorizationRequest request)
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var value = Protector(environmentId).Protect(JsonSerializer.Serialize(request), expires);
        http.Response.Cookies.Append(Name, value, Options(http, environmentId, expires));
    }

    /// <summary>The pending request, or null when the cookie is missing, expired, tampered with or of another environment.</summary>
    public TryItAuthorizationRequest? Read(HttpContext http, string environmentId)
    {
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TryItAuthorizationRequest>(Protector(environmentId).Unprotect(value, out _));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    public void Delete(HttpContext http, string environmentId) =>
        http.Response.Cookies.Delete(Name, Options(http, environmentId, expires: null));

    // The environment is part of the purpose: a cookie made for one environment means nothing in another.
    private ITimeLimitedDataProtector Protector(string environmentId) =>
        dataProtection.CreateProtector(Purpose, environmentId).ToTimeLimitedDataProtector();

    private static CookieOptions Options(HttpContext http, string environmentId, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        // Lax: the callback is a top-level navigation back from the authorization endpoint.
        SameSite = SameSiteMode.Lax,
        Path = PublicAddress.Of(http.Request).Path(TryItClient.HomePath(environmentId)),
        Expires = expires,
        IsEssential = true,
    };
}
