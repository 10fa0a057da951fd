namespace Flows.AuthServer.Data;

/// <summary>One administrative change: who made it, what it was, when, and how it ended.</summary>
public sealed class AuditEntryRecord
{
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>The token's subject: the admin client id for scripts, the administrator's user id for people.</summary>
    public required string Actor { get; init; }

    /// <summary>The environment the change was made in; null for changes to the environments collection itself.</summary>
    public string? EnvironmentId { get; init; }

    /// <summary>A stable name of the change, such as <c>application.created</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The HTTP method and the path the change was made through.</summary>
    public required string Method { get; init; }

    public required string Path { get; init; }

    public int Status { get; init; }
}
