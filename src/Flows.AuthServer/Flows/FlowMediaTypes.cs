using Microsoft.Net.Http.Headers;

namespace Flows.AuthServer.Flows;

/// <summary>The vendor media types that name a flow action: <c>application/vnd.pingidentity.{action}+json</c>.</summary>
public static class FlowMediaTypes
{
    public const string Resource = "application/hal+json";

    private const string Prefix = "application/vnd.pingidentity.";
    private const string Suffix = "+json";

    public static string For(string action) => $"{Prefix}{action}{Suffix}";

    /// <summary>The action a Content-Type header names, or null when it names none.</summary>
    public static string? ActionOf(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return null;
        }

        return mediaType.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)
            && mediaType.Length > Prefix.Length + Suffix.Length
            ? mediaType[Prefix.Length..^Suffix.Length]
            : null;
    }
}
