using System.Security.Cryptography;
using System.Text;

namespace Flows.AuthServer.Users.RecoveryCodes;

/// <summary>
/// Makes recovery codes and their stored hashes. A code is 16 random characters of a 32-letter alphabet, 80 bits:
/// too many to try even against a fast hash, so SHA-256 suffices where a password needs a slow one (NIST SP 800-63B
/// §5.1.2.2 asks look-up secrets of 64 bits or more for exactly this). The user's id salts it against tables made in advance.
/// </summary>
public static class RecoveryCodeHashing
{
    public const int CodesPerUser = 10;

    // Crockford's Base32 alphabet: no I, L, O or U to misread.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int CodeLength = 16;
    private const int GroupLength = 4;

    /// <summary>A new code, grouped as XXXX-XXXX-XXXX-XXXX for reading off paper.</summary>
    public static string NewCode()
    {
        var characters = RandomNumberGenerator.GetItems<char>(Alphabet, CodeLength);
        return string.Join('-', Enumerable.Range(0, CodeLength / GroupLength).Select(group => new string(characters, group * GroupLength, GroupLength)));
    }

    /// <summary>The hash of a code as typed: dashes, spaces and case do not matter.</summary>
    public static string Hash(string environmentId, string userId, string code)
    {
        var normalized = new string([.. code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{environmentId}\n{userId}\n{normalized}")));
    }
}
