using System.Globalization;
using Flows.AuthServer.Environments;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Management.Resources;

/// <summary>
/// The parameters of <c>GET …/flows/{flowId}/funnel</c>: <c>version</c> (required), and the period of the runs counted,
/// <c>from</c> (inclusive; none: since the first) and <c>to</c> (exclusive; none: now), ISO 8601 times.
/// </summary>
public static class FlowFunnelRequest
{
    public const string Version = "version";
    public const string From = "from";
    public const string To = "to";

    /// <summary>The funnel's query, adding a field problem for each parameter that is missing or not valid.</summary>
    public static FlowFunnelQuery Parse(string environmentId, string flowId, IQueryCollection query, DateTimeOffset now, List<FieldProblem> problems)
    {
        var version = ParseVersion(query, problems);
        var from = ParseTime(query, From, problems);
        var to = ParseTime(query, To, problems) ?? now;
        if (from is { } start && start >= to)
        {
            problems.Add(new(From, $"{From} must be before {To}"));
        }

        return new FlowFunnelQuery(environmentId, flowId, version, from, to);
    }

    private static int ParseVersion(IQueryCollection query, List<FieldProblem> problems)
    {
        var text = Text(query, Version);
        if (text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            return version;
        }

        problems.Add(new(Version, text is null ? $"{Version} is required" : $"{Version} must be a version number (1 or more)"));
        return 0;
    }

    private static DateTimeOffset? ParseTime(IQueryCollection query, string parameter, List<FieldProblem> problems)
    {
        if (Text(query, parameter) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        problems.Add(new(parameter, $"{parameter} must be a date and time such as 2026-01-31T12:00:00Z"));
        return null;
    }

    private static string? Text(IQueryCollection query, string parameter) =>
        query.TryGetValue(parameter, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}
