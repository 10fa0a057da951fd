namespace Flows.AuthServer.Management.Audit;

/// <summary>Endpoint metadata: the stable name an audited change is logged under, such as <c>application.created</c>.</summary>
public sealed record AuditAction(string Name);

/// <summary>Endpoint metadata: a POST that changes nothing (a validation), so the audit log leaves it out.</summary>
public sealed record NotAudited;

/// <summary>
/// Endpoint metadata: the service the endpoint calls logs the change itself, with the change, under
/// <see cref="Name"/>; the <see cref="AuditFilter"/> writes no second entry.
/// </summary>
public sealed record AuditedByService(string Name);

public static class AuditActionExtensions
{
    /// <summary>Names the change this endpoint makes in the audit log.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditAction(action));

    /// <summary>Names the change that the endpoint's service logs itself, in the same transaction as the change.</summary>
    public static RouteHandlerBuilder AuditedByService(this RouteHandlerBuilder endpoint, string action) =>
        endpoint.WithMetadata(new AuditedByService(action));

    /// <summary>Keeps a request that changes nothing out of the audit log.</summary>
    public static RouteHandlerBuilder NotAudited(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new NotAudited());
}
