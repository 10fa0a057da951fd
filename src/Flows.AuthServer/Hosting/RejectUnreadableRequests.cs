using System.Text;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Flows.AuthServer.Requests;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Hosting;

/// <summary>
/// Reads what the server's readers would otherwise fail on later — the Host and Content-Type headers, a form body, a
/// NUL in the query, a form or a JSON body (<see cref="NulCharacters"/>) — before OpenIddict, the pages or the APIs see
/// the request. A request it cannot read is the caller's error: a 400 in the shape of the endpoint
/// (<see cref="ErrorSurfaces"/>), logged once at warning level, never an unhandled exception.
/// </summary>
public sealed class RejectUnreadableRequests(RequestDelegate next, ILogger<RejectUnreadableRequests> logger)
{
    public const string SeveralContentTypes = "The request has more than one Content-Type header.";
    public const string NotOneMediaType = "The Content-Type header is not one media type.";
    public const string UnknownCharset = "The Content-Type header names a charset this server cannot decode.";
    public const string UnreadableForm =
        "The form could not be read: too many fields, a field name or value too long, a character a form may not hold, or a body cut short.";
    public const string NulCharacter = "A parameter name or value holds a NUL character.";
    public const string UnusableHost = "The Host header names no host a URI can hold.";

    public async Task InvokeAsync(HttpContext http, EnvironmentContext environments)
    {
        var (refusal, cause) = await FindRefusalAsync(http);
        if (refusal is null)
        {
            await next(http);
            return;
        }

        logger.LogWarning("{Method} {Path} refused as unreadable: {Refusal} ({Cause})",
            http.Request.Method, http.Request.PathBase.Add(http.Request.Path), refusal, cause);
        if (http.RequestAborted.IsCancellationRequested)
        {
            // The client is gone (it closed its side before the body ended): there is no one to answer.
            return;
        }

        await ErrorSurfaces.Render(http, ErrorCatalog.UnreadableBody, Errors.InvalidRequest, refusal,
            environmentName: environments.Current?.Name ?? "").ExecuteAsync(http);
    }

    private static async Task<(string? Refusal, string? Cause)> FindRefusalAsync(HttpContext http)
    {
        if (!IsUsableHost(http.Request))
        {
            return (UnusableHost, http.Request.Headers.Host.ToString());
        }

        if (ContentTypeRefusal(http.Request) is { } wrongType)
        {
            return (wrongType, http.Request.Headers.ContentType.ToString());
        }

        if (NulCharacters.AreIn(http.Request.Query))
        {
            return (NulCharacter, "query");
        }

        if (NulCharacters.IsJson(http.Request))
        {
            return await NulCharacters.AreInJsonAsync(http.Request) ? (NulCharacter, "JSON") : (null, null);
        }

        if (!http.Request.HasFormContentType)
        {
            return (null, null);
        }

        var (unreadable, cause) = await ReadFormAsync(http);
        return unreadable is null && NulCharacters.AreIn(http.Request.Form) ? (NulCharacter, "form") : (unreadable, cause);
    }

    /// <summary>
    /// Whether the Host makes an absolute URI: OpenIddict infers the issuer and the endpoint from it, and leaves a request
    /// whose Host does not (a port out of range, an invalid internationalized name, a label too long) unprocessed.
    /// </summary>
    private static bool IsUsableHost(HttpRequest request)
    {
        try
        {
            return Uri.TryCreate($"{request.Scheme}://{request.Host.ToUriComponent()}/", UriKind.Absolute, out _);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Why the Content-Type cannot be read, or null. It is a singleton field naming one media type (RFC 9110 §8.3);
    /// the form reader and the JSON readers throw on several, and the form reader on a charset it has no decoder for.
    /// </summary>
    private static string? ContentTypeRefusal(HttpRequest request)
    {
        var values = request.Headers.ContentType;
        if (values.Count > 1)
        {
            return SeveralContentTypes;
        }

        if (string.IsNullOrWhiteSpace(values.ToString()))
        {
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(values.ToString(), out var mediaType))
        {
            return NotOneMediaType;
        }

        return HeaderUtilities.RemoveQuotes(mediaType.Charset).Value is { Length: > 0 } charset && !CanDecode(charset) ? UnknownCharset : null;
    }

    private static bool CanDecode(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset) is not null;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the form once, for every later reader (OpenIddict, antiforgery, the pages); the reader's limits (fields,
    /// key and value lengths) and the endpoint's <see cref="FormSizeLimitAttribute"/> hold. Returns why it could not be read, or nulls.
    /// </summary>
    private static async Task<(string? Refusal, string? Cause)> ReadFormAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<FormSizeLimitAttribute>() is { } limit
            && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit.Bytes;
        }

        try
        {
            await http.Request.ReadFormAsync(http.RequestAborted);
            return (null, null);
        }
        // IOException: a multipart body that ends early; BadHttpRequestException (one): bad chunks, a body cut short or too large.
        catch (Exception exception) when (exception is InvalidDataException or InvalidOperationException or IOException
                                              or ArgumentException or NotSupportedException)
        {
            return (UnreadableForm, exception.Message);
        }
    }
}
