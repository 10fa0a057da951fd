using Flows.Activities.Users;

namespace Flows.AuthServer.SignOn;

/// <summary>How the hosted pages name a kind of second factor the user may set up; a new kind is one line here.</summary>
public static class MfaKindLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [MfaDeviceKinds.Totp] = "An authenticator app",
        [MfaDeviceKinds.Passkey] = "A passkey",
        [MfaDeviceKinds.Email] = "Codes by e-mail",
        [MfaDeviceKinds.Sms] = "Codes by text message (SMS)",
    };

    public static string For(string kind) => Labels.GetValueOrDefault(kind, kind);
}
