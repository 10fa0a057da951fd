using System.Text.RegularExpressions;

namespace Flows.AuthServer.Environments;

/// <summary>What an environment id may look like: it is the first segment of every URL of the environment.</summary>
public static partial class EnvironmentIds
{
    /// <summary>First path segments the server uses for itself, never environment ids.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "v1", "designer", "_framework", "_content", "_blazor", "css", "js", "lib", "health", "healthz", "readyz", "metrics", "favicon.ico",
    };

    public static bool IsValid(string id) => Pattern().IsMatch(id) && !Reserved.Contains(id);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
