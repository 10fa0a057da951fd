namespace Flows.Activities.Users;

/// <summary>
/// The kinds of second factor a user may have, as flows name them (<see cref="MfaDevice.Type"/>, the outcomes of
/// <see cref="ChooseDevice"/> and <see cref="ChooseEnrollment"/>, the value of <see cref="UserHasFactor"/>). A new
/// kind is one constant here, one entry in <see cref="Selectable"/> (or <see cref="Messaged"/>) and an outcome on
/// those two activities.
/// </summary>
public static class MfaDeviceKinds
{
    /// <summary>A TOTP authenticator app (RFC 6238).</summary>
    public const string Totp = "totp";

    /// <summary>A WebAuthn passkey.</summary>
    public const string Passkey = "passkey";

    /// <summary>A verified e-mail address codes are sent to.</summary>
    public const string Email = "email";

    /// <summary>A verified phone number codes are sent to by SMS.</summary>
    public const string Sms = "sms";

    /// <summary>Single-use recovery codes: a factor a user may have, never a device to choose.</summary>
    public const string RecoveryCodes = "recoveryCodes";

    /// <summary>The kinds every device choice and enrolment can route (a declared outcome each), in the order listed.</summary>
    public static IReadOnlyList<string> Selectable { get; } = [Passkey, Totp];

    /// <summary>
    /// The kinds codes are sent to. A node offers them only when its allowed kinds name them, and each one named is an
    /// outcome of that node: flows made before these kinds existed keep their graph.
    /// </summary>
    public static IReadOnlyList<string> Messaged { get; } = [Email, Sms];

    /// <summary>Every kind of device, in the order a user's devices are listed.</summary>
    public static IReadOnlyList<string> Ordered { get; } = [.. Selectable, .. Messaged];

    public static bool IsSelectable(string kind) => Selectable.Contains(kind, StringComparer.Ordinal);

    public static bool IsMessaged(string kind) => Messaged.Contains(kind, StringComparer.Ordinal);

    /// <summary>The kinds of a node's allowed-kinds list it can route: known ones, trimmed, once each; <see cref="Selectable"/> when none.</summary>
    public static List<string> Allowed(IEnumerable<string>? listed)
    {
        var allowed = (listed ?? []).Select(kind => kind.Trim()).Where(kind => IsSelectable(kind) || IsMessaged(kind))
            .Distinct(StringComparer.Ordinal).ToList();
        return allowed.Count > 0 ? allowed : [.. Selectable];
    }
}
