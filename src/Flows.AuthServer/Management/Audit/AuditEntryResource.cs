using Flows.AuthServer.Data;

namespace Flows.AuthServer.Management.Audit;

/// <summary>One line of the audit log as <c>/v1/auditEntries</c> shows it.</summary>
public sealed record AuditEntryResource(
    long Id, DateTimeOffset At, string Actor, string? EnvironmentId, string Action, string Method, string Path, int Status)
{
    public static AuditEntryResource Of(AuditEntryRecord entry) =>
        new(entry.Id, entry.At, entry.Actor, entry.EnvironmentId, entry.Action, entry.Method, entry.Path, entry.Status);
}
