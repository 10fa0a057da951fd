using Fido2NetLib.Exceptions;

namespace Flows.AuthServer.Users.Passkeys;

/// <summary>What a person is told when a passkey response is refused: by kind, never the library's own text.</summary>
public static class PasskeyRefusals
{
    public const string Malformed = "Your browser's passkey response could not be read. Try again.";

    public const string UnknownPasskey = "This passkey is not registered for this account.";

    public const string AlreadyRegistered = "This passkey is registered already.";

    public const string NotThisSignIn = "This passkey response is not for this sign-in. Try again.";

    public const string CounterWentBack =
        "This passkey's signature counter went back, as it does when a key was copied. Use another way to sign in, or ask your administrator.";

    public const string VerificationRequired = "Your authenticator must verify you (PIN, fingerprint or face). Try again.";

    public const string NotVerified = "This passkey could not be verified. Try again.";

    public static string For(Fido2ErrorCode code) => code switch
    {
        Fido2ErrorCode.InvalidAuthenticatorResponseChallenge or Fido2ErrorCode.MissingAuthenticatorResponseChallenge
            or Fido2ErrorCode.InvalidRpidHash => NotThisSignIn,
        Fido2ErrorCode.InvalidSignCount => CounterWentBack,
        Fido2ErrorCode.UserVerificationRequirementNotMet => VerificationRequired,
        Fido2ErrorCode.NonUniqueCredentialId => AlreadyRegistered,
        _ => NotVerified,
    };
}
