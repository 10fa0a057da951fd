using Microsoft.AspNetCore.DataProtection;

namespace Flows.AuthServer.Messaging;

/// <summary>
/// Protects the SMTP password and the SMS gateway secret at rest with Data Protection: both are sent (to the mail
/// server, or as a signing key) and must be read back, so they cannot be hashed like an application's secret.
/// </summary>
public sealed class MessagingSecretProtector(IDataProtectionProvider protection)
{
    private const string Purpose = "Flows.Messaging.Secret.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
