using System.Text.Json.Nodes;
using Flows.Activities;
using Flows.AuthServer.Users;

namespace Flows.AuthServer.SignOn;

/// <summary>
/// What the enrollment page shows of a new authenticator key: its QR code, the key in groups of four for typing
/// it in, and the issuer and account the app will list it under.
/// </summary>
public sealed record OtpEnrollmentView(string QrCode, string OtpauthUri, string KeyGroups, string Issuer, string Account)
{
    private const int GroupLength = 4;

    /// <summary>The view of an enrollment prompt's data; null when it lacks the key (a step the page cannot show).</summary>
    public static OtpEnrollmentView? From(JsonObject? data)
    {
        var uri = SignOnPromptData.GetString(data, OtpEnrollmentFields.OtpauthUri);
        var key = SignOnPromptData.GetString(data, OtpEnrollmentFields.Secret);
        if (uri is null || key is null)
        {
            return null;
        }

        return new OtpEnrollmentView(
            TotpQrCodes.PngDataUri(uri),
            uri,
            Group(key),
            SignOnPromptData.GetString(data, OtpEnrollmentFields.Issuer) ?? "",
            SignOnPromptData.GetString(data, OtpEnrollmentFields.Account) ?? "");
    }

    // Apps ignore spaces in a typed key; groups make 32 characters easy to copy by eye.
    private static string Group(string key) =>
        string.Join(' ', key.Chunk(GroupLength).Select(chunk => new string(chunk)));
}
