using System.Text.Json;
using System.Text.Json.Serialization;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Management;

/// <summary>
/// Reads a management request's JSON body strictly: an unknown or ill-typed field is a field error, not a
/// silent default, and the framework's own binding (an empty 400) never answers for us.
/// </summary>
public static class ManagementJson
{
    /// <summary>Far above any request of this API; a bound on what one request makes the server buffer.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const string RootPath = "$";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
    };

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer with; at most <paramref name="maxBytes"/> of it.</summary>
    public static async Task<BodyOrProblem<T>> ReadAsync<T>(HttpRequest request, int maxBytes = MaxBodyBytes) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return new(null, ManagementProblems.NotJson());
        }

        if (await ReadLimitedAsync(request, maxBytes) is not { } bytes)
        {
            return new(null, ManagementProblems.UnreadableBody($"The body may have at most {maxBytes / 1024} KiB."));
        }

        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Options) is { } value
                ? new(value, null)
                : new(null, ManagementProblems.UnreadableBody("The body must be a JSON object."));
        }
        catch (JsonException exception)
        {
            return new(null, FieldOf(exception.Path) is { } field
                ? ManagementProblems.Invalid(field, $"{field} is not a known field, or its value has the wrong type")
                : ManagementProblems.UnreadableBody("The body must be a JSON object with the documented fields."));
        }
    }

    /// <summary>The top-level property a JSON path such as <c>$.grantTypes[1]</c> starts with.</summary>
    private static string? FieldOf(string? path)
    {
        if (path is null || !path.StartsWith(RootPath + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var field = path[(RootPath.Length + 1)..];
        var end = field.IndexOfAny(['.', '[']);
        field = end < 0 ? field : field[..end];
        return field.Length > 0 ? field : null;
    }

    /// <summary>The body's bytes, or null when it has more than <paramref name="maxBytes"/>; for bodies larger than <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>A request body that could be read, or the problem that answers the request instead.</summary>
public sealed record BodyOrProblem<T>(T? Value, IResult? Problem) where T : class;
