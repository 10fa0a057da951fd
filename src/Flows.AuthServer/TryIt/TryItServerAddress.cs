namespace Flows.AuthServer.TryIt;

/// <summary>
/// Where the try-it client reaches this server: the local address the browser's request arrived on, with the
/// browser's Host header, so tokens carry the issuer the browser sees while a forged Host header can never
/// send the server's own requests elsewhere.
/// </summary>
public sealed class TryItServerAddress
{
    private readonly Uri _origin;
    private readonly string _host;

    private TryItServerAddress(Uri origin, string host)
    {
        _origin = origin;
        _host = host;
    }

    public static TryItServerAddress Of(HttpRequest request)
    {
        var connection = request.HttpContext.Connection;
        var host = request.Host.Value ?? "";

        // Without an IP connection (e.g. an in-memory test server) the request's own origin is all there is.
        var origin = connection.LocalIpAddress is { } address
            ? new UriBuilder(request.Scheme, (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString(), connection.LocalPort).Uri
            : new Uri($"{request.Scheme}://{host}");
        return new TryItServerAddress(origin, host);
    }

    public HttpRequestMessage Request(HttpMethod method, string path)
    {
        var message = new HttpRequestMessage(method, new Uri(_origin, path));
        message.Headers.Host = _host;
        return message;
    }
}
