using System.Text.Json;
using System.Text.RegularExpressions;
using Flows.AuthServer.Administration;
using Flows.Engine.Definitions;

namespace Flows.AuthServer.Management.Flows;

/// <summary>
/// Reads and writes flow definitions in HTTP bodies as the engine's serializer does, so an exported version
/// imports unchanged. Definitions may be larger than other management bodies, up to <see cref="MaxBytes"/>.
/// </summary>
public static partial class FlowDefinitionBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Where problems of the document as a whole are reported.</summary>
    private const string Field = "definition";

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
            // The engine serializer's own options: what reads here is exactly what the engine's loader reads.
            return JsonSerializer.Deserialize<FlowDefinition>(bytes, FlowDefinitionSerializer.Options) is { } definition
                ? new(definition, null)
                : new(null, ManagementProblems.Invalid(Field, "The body must be a flow definition (a JSON object), not null."));
        }
        catch (JsonException exception)
        {
            return new(null, ManagementProblems.Invalid(Field, MessageOf(exception)));
        }
    }

    /// <summary>Says where the document is wrong without the serializer's text, which names CLR types.</summary>
    private static string MessageOf(JsonException exception)
    {
        var missing = MissingFields().Match(exception.Message);
        return missing.Success
            ? $"The flow definition lacks the required field(s) {missing.Groups[1].Value.TrimEnd('.')}."
            : $"Not a flow definition at {exception.Path ?? "$"} (line {exception.LineNumber + 1}): the JSON is malformed or a value has the wrong type.";
    }

    [GeneratedRegex("missing required properties including: (.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex MissingFields();

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
