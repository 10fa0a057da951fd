using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flows.Activities.Users;

/// <summary>
/// The WebAuthn relying party of an environment: makes the options a browser passes to <c>navigator.credentials</c>
/// (each with a fresh challenge) and verifies the browser's answer against the options it was given. The server
/// implements it (relying-party id and origin from its public address, credentials in its store); tests use a fake.
/// </summary>
public interface IPasskeys
{
    /// <summary>Whether the user has at least one passkey.</summary>
    Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken);

    /// <summary>Creation options (WebAuthn <c>PublicKeyCredentialCreationOptions</c> as JSON) excluding the user's passkeys.</summary>
    Task<JsonObject> BeginRegistrationAsync(
        string environmentId, DirectoryUser user, PasskeyUserVerification userVerification, CancellationToken cancellationToken);

    /// <summary>Verifies the attestation against <paramref name="options"/> and stores the new passkey for the user.</summary>
    Task<PasskeyCheck> RegisterAsync(
        string environmentId, string userId, JsonObject options, JsonElement attestation, CancellationToken cancellationToken);

    /// <summary>
    /// Request options (WebAuthn <c>PublicKeyCredentialRequestOptions</c> as JSON): for a known user, allowing that
    /// user's passkeys (only <paramref name="passkeyId"/> when it names one of them, the device the user chose); for
    /// none, empty, so that the authenticator offers its discoverable credentials.
    /// </summary>
    Task<JsonObject> BeginAssertionAsync(
        string environmentId, string? userId, string? passkeyId, PasskeyUserVerification userVerification, CancellationToken cancellationToken);

    /// <summary>
    /// Verifies the assertion against <paramref name="options"/> and the stored passkey, and moves its signature
    /// counter on. With <paramref name="userId"/> the passkey must be that user's; without, the user is the passkey's owner.
    /// </summary>
    Task<PasskeyCheck> AssertAsync(
        string environmentId, string? userId, JsonObject options, JsonElement assertion, CancellationToken cancellationToken);
}

/// <summary>
/// The answer to a WebAuthn ceremony: verified for a user (and whether the authenticator verified the user, the UV
/// flag), or refused with a message safe to show.
/// </summary>
public sealed record PasskeyCheck(string? UserId, bool UserVerified, string? Refusal)
{
    public bool Verified => Refusal is null && UserId is not null;

    public static PasskeyCheck Accepted(string userId, bool userVerified) => new(userId, userVerified, null);

    public static PasskeyCheck Refused(string message) => new(null, false, message);
}

/// <summary>Whether the authenticator must verify the user (PIN, biometrics) or only should (WebAuthn §5.8.6).</summary>
public enum PasskeyUserVerification
{
    Preferred,
    Required,
}
