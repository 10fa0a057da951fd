using Flows.AuthServer.Addressing;
using Microsoft.AspNetCore.Http.Features;

namespace Flows.AuthServer.TryIt;

/// <summary>
/// Where the try-it client reaches this server: the local address and scheme the browser's request arrived on, with
/// the browser's Host header, so tokens carry the issuer the browser sees while a forged Host header can never
/// send the server's own requests elsewhere. Behind a proxy the requests also say, in forwarded headers, which
/// public address the browser used; the server believes them only where it trusts itself as a proxy.
/// </summary>
public sealed class TryItServerAddress
{
    private const string ForwardedFor = "X-Forwarded-For";
    private const string ForwardedProto = "X-Forwarded-Proto";
    private const string ForwardedHost = "X-Forwarded-Host";
    private const string ForwardedPrefix = "X-Forwarded-Prefix";

    private readonly Uri _origin;
    private readonly string _host;
    private readonly PublicAddress? _behindProxy;

    private TryItServerAddress(Uri origin, string host, PublicAddress? behindProxy)
    {
        _origin = origin;
        _host = host;
        _behindProxy = behindProxy;
    }

    public static TryItServerAddress Of(HttpRequest request)
    {
        var connection = request.HttpContext.Connection;
        var host = request.Host.Value ?? "";

        // The connection's own scheme: behind a TLS-terminating proxy the request says https, the socket is plain.
        var scheme = request.HttpContext.Features.Get<ITlsConnectionFeature>() is null ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
        var seen = PublicAddress.Of(request);
        var behindProxy = seen.Origin != $"{scheme}://{host}" || seen.PathBase.HasValue ? seen : null;

        // Without an IP connection (e.g. an in-memory test server) the request's own origin is all there is.
        var origin = connection.LocalIpAddress is { } address
            ? new UriBuilder(scheme, (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString(), connection.LocalPort).Uri
            : new Uri($"{request.Scheme}://{host}");
        return new TryItServerAddress(origin, host, behindProxy);
    }

    public HttpRequestMessage Request(HttpMethod method, string path)
    {
        var message = new HttpRequestMessage(method, new Uri(_origin, path));
        message.Headers.Host = _host;
        if (_behindProxy is { } address)
        {
            var origin = new Uri(address.Origin);
            message.Headers.Add(ForwardedFor, _origin.Host);
            message.Headers.Add(ForwardedProto, origin.Scheme);
            message.Headers.Add(ForwardedHost, _host);
            if (address.PathBase.HasValue)
            {
                message.Headers.Add(ForwardedPrefix, address.PathBase.Value);
            }
        }

        return message;
    }
}
