using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Flows.AuthServer.Failures;
using Microsoft.Net.Http.Headers;

namespace Flows.AuthServer.Administration;

/// <summary>
/// Optimistic concurrency for the management API. A resource's ETag is a hash of its representation, so it
/// changes whenever anything a client can see changes; a write that sends <c>If-Match</c> with an ETag that
/// is no longer current is refused with 412, and two administrators cannot overwrite each other silently.
/// </summary>
public static class ManagementETags
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The strong ETag of a resource as the API shows it, quoted as the header wants it.</summary>
    public static string Of<T>(T resource)
    {
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(resource, Options));
        return $"\"{Base64Url.EncodeToString(hash.AsSpan(0, 16))}\"";
    }

    /// <summary>
    /// The 412 problem when the request's <c>If-Match</c> names none of <paramref name="currentETag"/> (or
    /// <c>*</c>); null when the write may go on, including when the client sent no <c>If-Match</c>.
    /// </summary>
    public static IResult? CheckIfMatch(HttpRequest request, string currentETag) =>
        Matches(request.GetTypedHeaders().IfMatch, currentETag) ? null : ProblemJson.Render(ErrorCatalog.Stale);

    /// <summary>
    /// Whether an <c>If-Match</c> value (one or more ETags, or <c>*</c>) lets a write of the resource whose ETag is
    /// <paramref name="currentETag"/> go on; no value, or one that is not a list of ETags, sets no precondition
    /// (RFC 9110 §13.1.1).
    /// </summary>
    public static bool Matches(string? ifMatch, string currentETag) =>
        !EntityTagHeaderValue.TryParseList(ifMatch is null ? [] : [ifMatch], out var tags) || Matches(tags, currentETag);

    private static bool Matches(IList<EntityTagHeaderValue> ifMatch, string currentETag)
    {
        var current = new EntityTagHeaderValue(currentETag);
        return ifMatch.Count == 0
            || ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true));
    }

    /// <summary>Answers with the resource and its ETag.</summary>
    public static IResult Ok<T>(HttpResponse response, T resource)
    {
        response.Headers.ETag = Of(resource);
        return Results.Ok(resource);
    }

    /// <summary>Answers 201 with the resource, its location and its ETag.</summary>
    public static IResult Created<T>(HttpResponse response, string location, T resource)
    {
        response.Headers.ETag = Of(resource);
        return Results.Created(location, resource);
    }
}
