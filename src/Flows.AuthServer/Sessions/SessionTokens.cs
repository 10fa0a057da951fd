using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Flows.AuthServer.Sessions;

/// <summary>Session tokens (the ST cookie): 256 random bits; only their SHA-256 is stored.</summary>
public static class SessionTokens
{
    public static string New() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
