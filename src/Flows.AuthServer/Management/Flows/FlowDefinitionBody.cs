using System.Text;
using Flows.AuthServer.Management.Conventions;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.Management.Flows;

/// <summary>
/// Reads and writes flow definitions in HTTP bodies as the engine's serializer does, so an exported version
/// imports unchanged. Definitions may be larger than other management bodies, up to <see cref="MaxBytes"/>.
/// </summary>
public static class FlowDefinitionBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The definition, or the problem that answers the request instead.</summary>
    public static async Task<BodyOrProblem<FlowDefinition>> ReadAsync(HttpRequest request)
    {
        if (!request.HasJsonContentType())
        {
            return new(null, ManagementProblems.NotJson());
        }

        if (await ManagementJson.ReadLimitedAsync(request, MaxBytes) is not { } bytes)
        {
            return new(null, ManagementProblems.UnreadableBody($"A flow definition may have at most {MaxBytes / 1024} KiB."));
        }

        try
        {
            return new(FlowDefinitionSerializer.Deserialize(Encoding.UTF8.GetString(bytes)), null);
        }
        catch (FlowDefinitionFormatException exception)
        {
            // The engine's message names the JSON path and line, written for the administrator.
            return new(null, ManagementProblems.Invalid("definition", exception.Message));
        }
    }

    /// <summary>Whether the request carries a body at all (validate checks the draft when it does not).</summary>
    public static bool IsPresent(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>The definition as JSON, with its ETag.</summary>
    public static IResult Ok(HttpResponse response, FlowDefinition definition, string? etag = null)
    {
        response.Headers.ETag = etag ?? ManagementETags.Of(definition);
        return Results.Json(definition, FlowDefinitionSerializer.Options);
    }
}
