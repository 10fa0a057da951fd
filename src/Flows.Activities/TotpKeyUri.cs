namespace Flows.Activities;

/// <summary>The <c>otpauth://</c> URI authenticator apps read from a QR code to add a TOTP key.</summary>
public static class TotpKeyUri
{
    private const string Scheme = "otpauth://totp/";

    /// <summary>
    /// Google Authenticator's Key Uri Format: the issuer is both in the label and a parameter, as the format
    /// recommends. Algorithm, digits and period are the defaults sign-in checks with (RFC 6238's SHA-1, 6 digits,
    /// 30 s), stated so that apps which assume other defaults still agree.
    /// </summary>
    public static string For(string issuer, string account, string base32Key)
    {
        var escapedIssuer = Uri.EscapeDataString(issuer);
        return $"{Scheme}{escapedIssuer}:{Uri.EscapeDataString(account)}?secret={base32Key}&issuer={escapedIssuer}"
            + "&algorithm=SHA1&digits=6&period=30";
    }
}
