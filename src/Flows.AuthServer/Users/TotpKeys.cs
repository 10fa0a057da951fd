using System.Security.Cryptography;
using System.Text.RegularExpressions;
using OtpNet;

namespace Flows.AuthServer.Users;

/// <summary>TOTP keys as people and authenticator apps exchange them: Base32 text (RFC 4648 §6).</summary>
public static partial class TotpKeys
{
    /// <summary>RFC 4226 §4 (R6): a shared secret of at least 128 bits.</summary>
    public const int MinimumBytes = 16;

    /// <summary>RFC 4226 §4 recommends 160 bits, the size of an HMAC-SHA1 key.</summary>
    public const int GeneratedBytes = 20;

    private const string EnrollmentScheme = "otpauth://totp/";

    /// <summary>Decodes Base32, ignoring case, spaces and padding; false when it is not Base32 or too short.</summary>
    public static bool TryDecode(string? base32, out byte[] key)
    {
        key = [];
        var text = base32?.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        if (string.IsNullOrEmpty(text) || !Alphabet().IsMatch(text))
        {
            return false;
        }

        key = Base32Encoding.ToBytes(text);
        return key.Length >= MinimumBytes;
    }

    public static string Encode(byte[] key) => Base32Encoding.ToString(key).TrimEnd('=');

    public static byte[] Generate() => RandomNumberGenerator.GetBytes(GeneratedBytes);

    /// <summary>
    /// The <c>otpauth://</c> URI authenticator apps read from a QR code (Google Authenticator's Key Uri
    /// Format); the issuer is both in the label and a parameter, as the format recommends. Algorithm, digits
    /// and period are the defaults sign-in checks with (RFC 6238's SHA-1, 6 digits, 30 s), stated so that apps
    /// which assume other defaults still agree.
    /// </summary>
    public static string EnrollmentUri(string issuer, string account, string base32Key)
    {
        var escapedIssuer = Uri.EscapeDataString(issuer);
        return $"{EnrollmentScheme}{escapedIssuer}:{Uri.EscapeDataString(account)}?secret={base32Key}&issuer={escapedIssuer}"
            + "&algorithm=SHA1&digits=6&period=30";
    }

    [GeneratedRegex("^[A-Z2-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Alphabet();
}
