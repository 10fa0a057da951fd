using System.Security.Cryptography;
using System.Text;
using Flows.AuthServer.Addressing;

namespace Flows.AuthServer.Users.RememberedDevices;

/// <summary>
/// The remembered-device cookie: one per user (its name carries a hash of the user's id, so people sharing a browser
/// each keep theirs), HttpOnly, SameSite=Lax, Secure on HTTPS and limited to the environment's path, as the session's.
/// </summary>
public static class RememberedDeviceCookie
{
    private const string Prefix = "RD.";
    private const int NameHashCharacters = 16;

    public static string NameFor(string userId) =>
        Prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userId)))[..NameHashCharacters].ToLowerInvariant();

    public static string? Read(HttpContext context, string userId) =>
        context.Request.Cookies.TryGetValue(NameFor(userId), out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Write(HttpContext context, string environmentId, string userId, string value, DateTimeOffset expires) =>
        context.Response.Cookies.Append(NameFor(userId), value, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = PublicAddress.Of(context.Request).Path($"/{environmentId}"),
            Expires = expires,
            IsEssential = true,
        });
}
