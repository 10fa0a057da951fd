using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// Finds NUL characters in what a request's readers would hand on: no parameter has a use for one, and PostgreSQL
/// can neither store nor compare a text that holds one, so it used to fail the query that looked the value up.
/// </summary>
public static class NulCharacters
{
    // The largest JSON body an endpoint takes (a flow definition's); a longer one is refused by the endpoint anyway.
    private const int MaxJsonScanned = 1024 * 1024;

    private static ReadOnlySpan<byte> Escape => "\\u0000"u8;

    /// <summary>Whether a parameter name or value (of the query or a form) holds a NUL.</summary>
    public static bool AreIn(IEnumerable<KeyValuePair<string, StringValues>> parameters) =>
        parameters.Any(parameter => parameter.Key.Contains('\0', StringComparison.Ordinal)
                                    || parameter.Value.Any(value => value?.Contains('\0', StringComparison.Ordinal) == true));

    /// <summary>Whether the body is JSON: <c>application/json</c> or a <c>+json</c> type such as the flow API's actions.</summary>
    public static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && (mediaType.SubType.Equals("json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the JSON body holds the escape of a NUL (<c>\u0000</c> whose backslash is not itself escaped) in its first
    /// <see cref="MaxJsonScanned"/> bytes. The body stays buffered, for the endpoint to read from the start.
    /// </summary>
    public static async Task<bool> AreInJsonAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var json = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while (json.Length < MaxJsonScanned && (read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            json.Write(chunk, 0, read);
        }

        request.Body.Position = 0;
        return HoldsEscape(json.GetBuffer().AsSpan(0, (int)json.Length));
    }

    private static bool HoldsEscape(ReadOnlySpan<byte> json)
    {
        for (var start = 0; json[start..].IndexOf(Escape) is var found and >= 0; start += found + 1)
        {
            // An even number of backslashes before it escape one another, not this one.
            var at = start + found;
            var backslashesBefore = 0;
            while (at - backslashesBefore > 0 && json[at - backslashesBefore - 1] == (byte)'\\')
            {
                backslashesBefore++;
            }

            if (backslashesBefore % 2 == 0)
            {
                return true;
            }
        }

        return false;
    }
}
