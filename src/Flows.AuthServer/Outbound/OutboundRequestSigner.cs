using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Flows.AuthServer.Outbound;

/// <summary>
/// Signs an outbound request so the receiver knows it comes from this environment and was not changed or replayed
/// later: <c>Flows-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}</c>. The receiver
/// recomputes the HMAC over the raw body it received and refuses a timestamp older than a few minutes.
/// </summary>
public static class OutboundRequestSigner
{
    public const string Header = "Flows-Signature";

    public static string Sign(byte[] secret, DateTimeOffset now, byte[] body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        return $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed))}";
    }
}
