using Microsoft.AspNetCore.DataProtection;

namespace Flows.AuthServer.Users;

/// <summary>
/// Protects TOTP keys at rest with Data Protection: a copy of the database alone does not yield codes,
/// and the keys ring lives with the data so every node can read them.
/// </summary>
public sealed class TotpSecretProtector(IDataProtectionProvider protection)
{
    public const string Purpose = "Flows.Users.Totp.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Protect(byte[] key) => Convert.ToBase64String(_protector.Protect(key));

    public byte[] Unprotect(string protectedKey) => _protector.Unprotect(Convert.FromBase64String(protectedKey));
}
