using System.Text.Json;
using Flows.Designer.Services;

namespace Flows.Designer.DryRun;

/// <summary>The setup of a dry run: as whom, which published version (none: the canvas), and the mocks of outside services.</summary>
public sealed record DryRunSetupChoice(DryRunUser User, int? Version, IReadOnlyDictionary<string, DryRunMock> Mocks)
{
    /// <summary>The setup from the form's values; null when they do not make one (no user, mocks that are not JSON).</summary>
    public static DryRunSetupChoice? TryCreate(
        bool real, string? userId, string? username, string? password, string? groups, string? attributes,
        IReadOnlyCollection<string> devices, int? version, string? mocks)
    {
        if (real ? string.IsNullOrWhiteSpace(userId) : string.IsNullOrWhiteSpace(username))
        {
            return null;
        }

        Dictionary<string, DryRunMock>? parsed = [];
        if (!string.IsNullOrWhiteSpace(mocks))
        {
            try
            {
                parsed = JsonSerializer.Deserialize<Dictionary<string, DryRunMock>>(mocks, JsonSerializerOptions.Web);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        var user = real
            ? new DryRunUser(userId!.Trim())
            : new DryRunUser(null, username!.Trim(), string.IsNullOrEmpty(password) ? null : password, Enabled: true,
                Groups: Split(groups, ','), Attributes: Pairs(attributes), Devices: [.. devices]);
        return new DryRunSetupChoice(user, version, parsed ?? []);
    }

    private static List<string> Split(string? text, char separator) =>
        [.. (text ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static Dictionary<string, string> Pairs(string? text) => Split(text?.Replace('\n', ','), ',')
        .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
        .Where(parts => parts[0].Length > 0)
        .GroupBy(parts => parts[0], StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.Last().ElementAtOrDefault(1) ?? "", StringComparer.Ordinal);
}
