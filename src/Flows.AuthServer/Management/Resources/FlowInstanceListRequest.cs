using System.Globalization;
using System.Xml;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using Flows.AuthServer.FlowInstances;
using Flows.Engine.Instances;

namespace Flows.AuthServer.Management.Resources;

/// <summary>
/// The filters of <c>GET /v1/environments/{env}/flowInstances</c>, from the query string, as the engine's
/// <see cref="FlowInstanceQuery"/>: status, definitionId, definitionVersion, applicationId, userId, createdAfter,
/// createdBefore (ISO 8601 times), olderThan and newerThan (ISO 8601 durations such as PT15M or P1D, an age
/// relative to now), and the paging parameters.
/// </summary>
public static class FlowInstanceListRequest
{
    public const string Status = "status";
    public const string DefinitionId = "definitionId";
    public const string DefinitionVersion = "definitionVersion";
    public const string ApplicationId = "applicationId";
    public const string UserId = "userId";
    public const string CreatedAfter = "createdAfter";
    public const string CreatedBefore = "createdBefore";
    public const string OlderThan = "olderThan";
    public const string NewerThan = "newerThan";

    /// <summary>Ten years: an age any instance could have, and far enough from <see cref="DateTimeOffset.MinValue"/>.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(3650);

    /// <summary>The query of the environment's instances, adding a field problem for each parameter that is not valid.</summary>
    public static FlowInstanceQuery Parse(string environmentId, IQueryCollection query, DateTimeOffset now, List<FieldProblem> problems)
    {
        var page = PageRequest.From(query, problems);
        // An age is a creation time seen from now; given with a time too, the narrower of the two holds.
        var createdBefore = Earliest(ParseTime(query, CreatedBefore, problems), now - ParseAge(query, OlderThan, problems));
        var createdAfter = Latest(ParseTime(query, CreatedAfter, problems), now - ParseAge(query, NewerThan, problems));
        return new FlowInstanceQuery
        {
            EnvironmentId = environmentId,
            Status = ParseStatus(query, problems),
            DefinitionId = Text(query, DefinitionId),
            DefinitionVersion = ParseVersion(query, problems),
            ApplicationId = Text(query, ApplicationId),
            UserId = Text(query, UserId),
            CreatedAfter = createdAfter,
            CreatedBefore = createdBefore,
            PageSize = page.PageSize,
            After = page.After,
        };
    }

    private static FlowInstanceStatus? ParseStatus(IQueryCollection query, List<FieldProblem> problems)
    {
        if (Text(query, Status) is not { } text)
        {
            return null;
        }

        if (FlowInstanceStatuses.TryParse(text, out var status))
        {
            return status;
        }

        problems.Add(new(Status, $"{Status} '{text}' is unknown; use {string.Join(", ", FlowInstanceStatuses.Names)}"));
        return null;
    }

    private static int? ParseVersion(IQueryCollection query, List<FieldProblem> problems)
    {
        if (Text(query, DefinitionVersion) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            return version;
        }

        problems.Add(new(DefinitionVersion, $"{DefinitionVersion} must be a version number (1 or more)"));
        return null;
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

    private static TimeSpan? ParseAge(IQueryCollection query, string parameter, List<FieldProblem> problems)
    {
        if (Text(query, parameter) is not { } text)
        {
            return null;
        }

        try
        {
            var age = XmlConvert.ToTimeSpan(text);
            if (age >= TimeSpan.Zero && age <= MaxAge)
            {
                return age;
            }
        }
        catch (FormatException)
        {
        }
        catch (OverflowException)
        {
        }

        problems.Add(new(parameter, $"{parameter} must be an ISO 8601 duration from PT0S to P3650D, such as PT15M or P1D"));
        return null;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? time, DateTimeOffset? other) =>
        time is { } a && other is { } b ? (a < b ? a : b) : time ?? other;

    private static DateTimeOffset? Latest(DateTimeOffset? time, DateTimeOffset? other) =>
        time is { } a && other is { } b ? (a > b ? a : b) : time ?? other;

    private static string? Text(IQueryCollection query, string parameter) =>
        query.TryGetValue(parameter, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;
}
