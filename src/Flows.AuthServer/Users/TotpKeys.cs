using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Flows.Activities;
using OtpNet;

namespace Flows.AuthServer.Users;

/// <summary>TOTP keys as people and authenticator apps exchange them: Base32 text (RFC 4648 §6).</summary>
public static partial class TotpKeys
{
    /// <summary>RFC 4226 §4 (R6): a shared secret of at least 128 bits.</summary>
    public const int MinimumBytes = 16;

    /// <summary>RFC 4226 §4 recommends 160 bits, the size of an HMAC-SHA1 key.</summary>
    public const int GeneratedBytes = 20;

    /// <summary>Authenticator apps show this before the environment's name, so a user can tell which server a code is for.</summary>
    public const string IssuerPrefix = "Flows";

    /// <summary>The issuer an authenticator app shows for a key of the environment named <paramref name="environmentName"/>.</summary>
    public static string IssuerOf(string environmentName) => $"{IssuerPrefix} {environmentName}";

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

    /// <summary>The <c>otpauth://</c> URI authenticator apps read from a QR code (<see cref="TotpKeyUri"/>).</summary>
    public static string EnrollmentUri(string issuer, string account, string base32Key) => TotpKeyUri.For(issuer, account, base32Key);

    [GeneratedRegex("^[A-Z2-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Alphabet();
}
