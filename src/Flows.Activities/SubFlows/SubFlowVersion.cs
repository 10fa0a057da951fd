using System.Globalization;

namespace Flows.Activities.SubFlows;

/// <summary>The version a Run sub-flow node names: a published version number, or <see cref="Default"/>.</summary>
public static class SubFlowVersion
{
    /// <summary>The version new sign-ins of the flow start on, taken when the node is entered.</summary>
    public const string Default = "default";

    /// <summary>Whether <paramref name="value"/> is <see cref="Default"/> (<paramref name="pinned"/> null) or a version number from 1.</summary>
    public static bool TryParse(string? value, out int? pinned)
    {
        pinned = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || string.Equals(text, Default, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            pinned = number;
            return true;
        }

        return false;
    }
}
