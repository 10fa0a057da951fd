namespace Flows.AuthServer.Addressing;

/// <summary>
/// Makes the request carry the public address before anything reads it: with <c>Flows:PublicUrl</c>, its scheme,
/// host and path base replace the request's (a path that already starts with the path base keeps it once: a proxy
/// may pass the prefix on or strip it). OpenIddict then infers the issuer <c>{PublicUrl}/{env}/as</c>, cookies are
/// Secure behind a TLS-terminating proxy, and <see cref="PublicAddress"/> is recorded for every URL built later.
/// </summary>
public sealed class PublicAddressMiddleware(RequestDelegate next, PublicUrlOptions options)
{
    private readonly string? _scheme = options.PublicUrl?.Scheme;
    private readonly HostString _host = options.PublicUrl is { } url ? HostString.FromUriComponent(url.Authority) : default;
    private readonly PathString _pathBase = options.PublicUrl is { } url
        ? PathString.FromUriComponent(url.AbsolutePath.TrimEnd('/'))
        : PathString.Empty;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (_scheme is not null)
        {
            request.Scheme = _scheme;
            request.Host = _host;
            if (_pathBase.HasValue && request.Path.StartsWithSegments(_pathBase, out var remaining))
            {
                request.Path = remaining;
            }

            // Replaces a prefix a proxy forwarded too: the configured URL is the address.
            request.PathBase = _pathBase;
        }

        context.Features.Set(new PublicAddress($"{request.Scheme}://{request.Host}", request.PathBase));
        return next(context);
    }
}
