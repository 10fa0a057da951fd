using QRCoder;

namespace Flows.AuthServer.Users;

/// <summary>An <c>otpauth://</c> URI as the QR code authenticator apps scan: a PNG data URI, shown without any script.</summary>
public static class TotpQrCodes
{
    /// <summary>Pixels per QR module: a 33-module code is then about 200 pixels wide, easy to scan from a screen.</summary>
    public const int PixelsPerModule = 6;

    private const string PngDataUriPrefix = "data:image/png;base64,";

    /// <summary>Error correction level M, as authenticator enrollment codes commonly use: readable even when a little blurred.</summary>
    public static string PngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return PngDataUriPrefix + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(PixelsPerModule));
    }
}
