namespace Flows.AuthServer.Addressing;

/// <summary>
/// Where browsers and clients reach this server, as one request saw it before an environment's path was added:
/// the origin (<c>https://login.example.com</c>) and the path base (<c>/auth</c>, or empty). Every absolute URL,
/// redirect and cookie path the server makes starts with it.
/// </summary>
public sealed record PublicAddress(string Origin, PathString PathBase)
{
    /// <summary>The request's public address (<see cref="PublicAddressMiddleware"/>), else its own scheme, host and path base.</summary>
    public static PublicAddress Of(HttpRequest request) =>
        request.HttpContext.Features.Get<PublicAddress>() ?? new($"{request.Scheme}://{request.Host}", request.PathBase);

    /// <summary><paramref name="path"/> (which starts with '/' and may carry a query) below the path base, for redirects and links.</summary>
    public string Path(string path) => PathBase.Value + path;

    /// <summary>The absolute URL of <paramref name="path"/>.</summary>
    public string Url(string path) => Origin + Path(path);
}
