using Microsoft.AspNetCore.DataProtection;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Protects an environment's outbound secret at rest with Data Protection, as the authenticator keys are: the column
/// alone (an export, a query result in a log) does not yield it.
/// </summary>
public sealed class OutboundSecretProtector(IDataProtectionProvider protection)
{
    public const string Purpose = "Flows.Outbound.Secret.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Protect(byte[] secret) => Convert.ToBase64String(_protector.Protect(secret));

    public byte[] Unprotect(string protectedSecret) => _protector.Unprotect(Convert.FromBase64String(protectedSecret));
}
