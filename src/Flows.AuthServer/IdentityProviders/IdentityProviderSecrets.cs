using Microsoft.AspNetCore.DataProtection;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// Protects the client secrets of identity providers with Data Protection: unlike an application's secret, which is
/// only verified and so hashed, this one is sent to the provider and must be read back.
/// </summary>
public sealed class IdentityProviderSecrets(IDataProtectionProvider protection)
{
    private const string Purpose = "Flows.IdentityProviders.ClientSecret.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
