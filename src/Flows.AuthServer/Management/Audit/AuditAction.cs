namespace Flows.AuthServer.Management.Audit;

/// <summary>Endpoint metadata: the stable name an audited change is logged under, such as <c>application.created</c>.</summary>
public sealed record AuditAction(string Name);

/// <summary>Endpoint metadata: a POST that changes nothing (a validation), so the audit log leaves it out.</summary>
public sealed record NotAudited;

public static class AuditActionExtensions
{
    /// <summary>Names the change this endpoint makes in the audit log.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditAction(action));

    /// <summary>Keeps a request that changes nothing out of the audit log.</summary>
    public static RouteHandlerBuilder NotAudited(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new NotAudited());
}
