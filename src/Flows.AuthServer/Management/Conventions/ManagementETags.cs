using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Flows.AuthServer.Management.Conventions;

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
    public static IResult? CheckIfMatch(HttpRequest request, string currentETag)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }

        var current = new EntityTagHeaderValue(currentETag);
        return ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true))
            ? null
            : ManagementProblems.Stale();
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
