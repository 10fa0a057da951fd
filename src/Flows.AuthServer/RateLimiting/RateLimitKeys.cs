using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.RateLimiting;

/// <summary>
/// What a limit counts by: the client address, a client id, a bearer token, a username. Each key is a hash of what it
/// names (a fixed size, whatever the request sent), so that no token or username is kept in memory or shown by a key.
/// </summary>
public static class RateLimitKeys
{
    private const string AuthorizationServerSegment = "as";

    // The OAuth endpoints a client authenticates at (RFC 6749 §3.2, RFC 7662 §2.1, RFC 7009 §2.1).
    // The same relative URIs as the protocol's registration.
    private static readonly string[] ClientEndpoints = ["token", "introspect", "revoke"];

    /// <summary>
    /// The client's address as the forwarded headers of trusted proxies resolved it; an IPv6 client is its /64, which
    /// one host holds whole (RFC 4291 §2.5.4) and could otherwise spend address by address.
    /// </summary>
    public static string Address(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "address:unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
        }

        return $"address:{address}";
    }

    /// <summary>The hash of the request's bearer token (RFC 6750 §2.1), or null without one.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length
            ? Hash("token", authorization[scheme.Length..].Trim())
            : null;
    }

    /// <summary>
    /// For a request to an environment's token, introspection or revocation endpoint, the key of the client it names
    /// (in its Basic credentials, else its <c>client_id</c>), whether or not it authenticates; null for any other request.
    /// </summary>
    public static string? OAuthClient(HttpContext http)
    {
        var segments = http.Request.PathBase.Add(http.Request.Path).Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (segments is not [var environment, AuthorizationServerSegment, var endpoint] || !ClientEndpoints.Contains(endpoint, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var clientId = BasicClientId(http.Request)
            // The form was read before the limiter runs (RejectUnreadableRequests): this reads no body.
            ?? http.Features.Get<IFormFeature>()?.Form?[Parameters.ClientId].ToString();
        return string.IsNullOrEmpty(clientId) ? $"{Address(http)}:{environment}" : Hash("client", environment, clientId);
    }

    /// <summary>The key of a username of an environment; usernames match whatever their case.</summary>
    public static string Username(string environmentId, string username) =>
        Hash("username", environmentId, username.Trim().ToUpperInvariant());

    /// <summary>The client id of Basic credentials: form-encoded before base64 (RFC 6749 §2.3.1).</summary>
    private static string? BasicClientId(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string scheme = "Basic ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[scheme.Length..].Trim()));
            var separator = credentials.IndexOf(':');
            return separator > 0 ? Uri.UnescapeDataString(credentials[..separator].Replace('+', ' ')) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Hash(string kind, params string[] parts) =>
        $"{kind}:{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))}";
}
