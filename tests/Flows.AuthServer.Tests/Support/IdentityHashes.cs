using System.Buffers.Binary;

namespace Flows.AuthServer.Tests.Support;

/// <summary>Reads the header of an ASP.NET Core Identity V3 hash: format marker, PRF, iteration count.</summary>
public static class IdentityHashes
{
    public const byte V3Marker = 0x01;

    /// <summary>Identity's <c>KeyDerivationPrf.HMACSHA512</c>.</summary>
    public const uint HmacSha512 = 2;

    public static (byte Format, uint Prf, int Iterations) Header(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        return (bytes[0], BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)));
    }
}
