namespace Flows.Activities.Users;

/// <summary>
/// The kinds of second factor a user may have, as flows name them (<see cref="MfaDevice.Type"/>, the outcomes of
/// <see cref="ChooseDevice"/> and <see cref="ChooseEnrollment"/>, the value of <see cref="UserHasFactor"/>). A new
/// kind is one constant here, one entry in <see cref="Selectable"/> and an outcome on those two activities.
/// </summary>
public static class MfaDeviceKinds
{
    /// <summary>A TOTP authenticator app (RFC 6238).</summary>
    public const string Totp = "totp";

    /// <summary>A WebAuthn passkey.</summary>
    public const string Passkey = "passkey";

    /// <summary>Single-use recovery codes: a factor a user may have, never a device to choose.</summary>
    public const string RecoveryCodes = "recoveryCodes";

    /// <summary>The kinds a user picks a device of, in the order the device choice lists them.</summary>
    public static IReadOnlyList<string> Selectable { get; } = [Passkey, Totp];

    public static bool IsSelectable(string kind) => Selectable.Contains(kind, StringComparer.Ordinal);
}
