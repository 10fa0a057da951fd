using System.Text.RegularExpressions;

namespace Flows.AuthServer.FlowDefinitions;

/// <summary>What a flow definition id may look like: it appears in URLs and in application bindings.</summary>
public static partial class FlowIds
{
    public const int MaxLength = 128;

    public const string Rule = "1 to 128 letters, digits, '-', '_' or '.', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
