using System.Security.Cryptography;
using System.Text;

namespace Flows.AuthServer.Users.ContactDevices;

/// <summary>
/// Generates one-time codes and hashes them with a fresh salt each: the stored row alone does not show the code. (A code
/// has few digits, so the hash stops a glance, not a brute force by someone who reads the database: that is why codes
/// expire within minutes and are tied to one flow.)
/// </summary>
public static class SentCodeHashing
{
    public static string Generate(int length) =>
        RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, length)).ToString($"D{length}", System.Globalization.CultureInfo.InvariantCulture);

    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string salt, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + ":" + code)));

    /// <summary>Compares in constant time, so the time taken does not tell how much of a guess was right.</summary>
    public static bool Matches(string salt, string code, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(salt, code)), Encoding.ASCII.GetBytes(hash));
}
