using Microsoft.AspNetCore.DataProtection;

namespace Flows.AuthServer.Users;

/// <summary>
/// Protects TOTP keys at rest with Data Protection, so the column alone (an export, a query result in a log)
/// does not yield codes. The key ring lives in the same database so every node can read it; against a copy
/// of the whole database only an encrypted key ring (a key-encryption certificate or KMS) helps.
/// </summary>
public sealed class TotpSecretProtector(IDataProtectionProvider protection)
{
    public const string Purpose = "Flows.Users.Totp.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Protect(byte[] key) => Convert.ToBase64String(_protector.Protect(key));

    public byte[] Unprotect(string protectedKey) => _protector.Unprotect(Convert.FromBase64String(protectedKey));
}
