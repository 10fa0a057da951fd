using System.Net;

namespace Flows.AuthServer.Addressing;

/// <summary>
/// How the server learns its public address behind a proxy: <c>Flows:PublicUrl</c> fixes it, whatever the request
/// says; else <c>X-Forwarded-*</c> headers are believed from the proxies of <c>Flows:Proxy</c> only; else the request's
/// own scheme and host are the address.
/// </summary>
public sealed class PublicUrlOptions
{
    public const string PublicUrlKey = "Flows:PublicUrl";
    public const string ProxySection = "Flows:Proxy";

    /// <summary>The fixed public URL: scheme, host, optional port and path base; null when not configured.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>The networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose forwarded headers are believed.</summary>
    public IReadOnlyList<IPNetwork> KnownNetworks { get; init; } = [];

    /// <summary>The proxies (addresses) whose forwarded headers are believed.</summary>
    public IReadOnlyList<IPAddress> KnownProxies { get; init; } = [];

    public bool TrustsProxies => KnownNetworks.Count > 0 || KnownProxies.Count > 0;

    /// <summary>Reads and checks the configuration; a wrong value stops the start with a message naming the key.</summary>
    public static PublicUrlOptions From(IConfiguration configuration)
    {
        var proxy = configuration.GetSection(ProxySection);
        return new PublicUrlOptions
        {
            PublicUrl = ParsePublicUrl(configuration[PublicUrlKey]),
            KnownNetworks = Values(proxy, "KnownNetworks").Select(value => Parse(value, (string text, out IPNetwork network) => IPNetwork.TryParse(text, out network), "KnownNetworks", "a network such as 10.0.0.0/8")).ToList(),
            KnownProxies = Values(proxy, "KnownProxies").Select(value => Parse(value, (string text, out IPAddress? address) => IPAddress.TryParse(text, out address), "KnownProxies", "an IP address")!).ToList(),
        };
    }

    private static Uri? ParsePublicUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new InvalidOperationException(
                $"{PublicUrlKey} must be an absolute http or https URL without query or fragment, e.g. https://login.example.com/auth.");
        }

        return url;
    }

    // Either a list (Flows:Proxy:KnownNetworks:0=…) or one value with commas (Flows__Proxy__KnownNetworks=a,b).
    private static IEnumerable<string> Values(IConfigurationSection proxy, string key)
    {
        var section = proxy.GetSection(key);
        var children = section.GetChildren().Select(child => child.Value ?? "").ToList();
        var values = children.Count > 0 ? children : [section.Value ?? ""];
        return values.SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private delegate bool TryParse<T>(string value, out T result);

    private static T Parse<T>(string value, TryParse<T> parse, string key, string expected) =>
        parse(value, out var result) ? result : throw new InvalidOperationException($"{ProxySection}:{key}: '{value}' is not {expected}.");
}
