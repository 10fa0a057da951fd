namespace Flows.AuthServer.Audit;

/// <summary>The stable names changes are logged under, the same whether made through <c>/v1</c> or the designer.</summary>
public static class AuditActions
{
    public const string ApplicationCreated = "application.created";
    public const string ApplicationUpdated = "application.updated";
    public const string ApplicationDeleted = "application.deleted";
    public const string ApplicationSecretRotated = "application.secretRotated";
}
