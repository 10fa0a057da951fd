using System.Buffers.Text;
using System.Security.Cryptography;

namespace Flows.AuthServer.Environments;

/// <summary>Random secrets for what an import creates without one; URL-safe, so they paste anywhere.</summary>
public static class RandomSecrets
{
    /// <summary>256 bits: a client secret is only ever typed into configuration.</summary>
    public static string ClientSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>144 bits in 24 characters: strong, yet a person can type it once.</summary>
    public static string Password() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
}
