namespace Flows.AuthServer.Management.Audit;

/// <summary>Endpoint metadata: the stable name an audited change is logged under, such as <c>application.created</c>.</summary>
public sealed record AuditAction(string Name);

public static class AuditActionExtensions
{
    /// <summary>Names the change this endpoint makes in the audit log.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditAction(action));
}
