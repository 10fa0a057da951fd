using System.Text.Json;
using System.Text.Json.Serialization;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Provisioning;

/// <summary>Reads environment files strictly: a misspelt or missing property is an error, not a silent default.</summary>
public static class EnvironmentFileReader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static async Task<EnvironmentFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new EnvironmentImportException(path, ["the file does not exist"]);
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    /// <summary>Parses a file's text; <paramref name="source"/> names it in errors.</summary>
    public static EnvironmentFile Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<EnvironmentFile>(json, Options)
                ?? throw new EnvironmentImportException(source, ["the file holds null instead of an environment"]);
        }
        catch (JsonException exception)
        {
            throw new EnvironmentImportException(source, [exception.Message]);
        }
    }
}
