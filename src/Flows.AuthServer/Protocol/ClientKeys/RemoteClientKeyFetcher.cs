using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Protocol.ClientKeys;

/// <summary>
/// Reads a client's JWKS from its <c>jwksUri</c>: HTTPS only (HTTP to this machine when allowed), no redirects, a 200
/// of at most <see cref="RemoteClientKeyOptions.MaxResponseBytes"/>, within the pipeline's time. Keeps only public RSA
/// and EC signing keys, and how long the answer may be kept (its Cache-Control, bounded). Any failure is null.
/// </summary>
public sealed class RemoteClientKeyFetcher(IHttpClientFactory clients, IOptions<RemoteClientKeyOptions> options, ILogger<RemoteClientKeyFetcher> logger)
{
    public const string ClientName = "Flows.ClientKeys";

    public async Task<FetchedClientKeys?> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && settings.AllowLoopbackHttp)))
        {
            logger.LogWarning("A client's JWKS address is not https; its keys are not read.");
            return null;
        }

        try
        {
            using var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentLength > settings.MaxResponseBytes)
            {
                logger.LogWarning("A client's JWKS address answered HTTP {Status}.", (int)response.StatusCode);
                return null;
            }

            var text = await ReadBoundedAsync(response.Content, settings.MaxResponseBytes, cancellationToken);
            if (text is null)
            {
                logger.LogWarning("A client's JWKS is larger than {Bytes} bytes.", settings.MaxResponseBytes);
                return null;
            }

            return new FetchedClientKeys(PublicSigningKeys(JsonWebKeySet.Create(text)), Lifetime(response, settings));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever the address did — refused, timed out, answered no JWKS — the client is not authenticated by it.
            // The kind of failure only: the message may quote the address, which may carry a secret.
            logger.LogWarning("A client's JWKS could not be read: {Failure}.", exception.GetType().Name);
            return null;
        }
    }

    /// <summary>The body as text, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<string?> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
            if (length > limit)
            {
                return null;
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>A private or symmetric key published by mistake is never trusted; neither is an encryption key.</summary>
    private static IReadOnlyList<SecurityKey> PublicSigningKeys(JsonWebKeySet set)
    {
        var published = new JsonWebKeySet();
        foreach (var key in set.Keys.Where(key => !key.HasPrivateKey && string.IsNullOrEmpty(key.D) && string.IsNullOrEmpty(key.K)
            && key.Kty is JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve
            && key.Use is null or "" or JsonWebKeyUseNames.Sig))
        {
            published.Keys.Add(key);
        }

        return published.GetSigningKeys().ToList();
    }

    /// <summary>The answer's max-age, within the configured bounds; no-store or no-cache keep it the shortest time.</summary>
    private static TimeSpan Lifetime(HttpResponseMessage response, RemoteClientKeyOptions settings)
    {
        var cacheControl = response.Headers.CacheControl;
        var wanted = cacheControl is { NoStore: true } or { NoCache: true } ? settings.MinCacheDuration
            : cacheControl?.MaxAge ?? settings.DefaultCacheDuration;
        return wanted < settings.MinCacheDuration ? settings.MinCacheDuration
            : wanted > settings.MaxCacheDuration ? settings.MaxCacheDuration
            : wanted;
    }
}

/// <summary>The signing keys read from a client's JWKS address, and how long they may be kept.</summary>
public sealed record FetchedClientKeys(IReadOnlyList<SecurityKey> Keys, TimeSpan Lifetime);
