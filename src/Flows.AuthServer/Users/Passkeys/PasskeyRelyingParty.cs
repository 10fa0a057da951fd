using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Flows.Activities.Users;
using Flows.AuthServer.Addressing;
using Flows.AuthServer.Environments;

namespace Flows.AuthServer.Users.Passkeys;

/// <summary>
/// The environment's WebAuthn relying party over the Fido2 library: its id is the host of the public address and its
/// only origin that address (WebAuthn §5.1.4.1 step 9, §7.2 step 9), so a response made for another site is refused.
/// Attestation <c>none</c>: the server trusts no authenticator model more than another.
/// </summary>
public sealed class PasskeyRelyingParty(
    PasskeyCredentials credentials, IHttpContextAccessor http, EnvironmentContext environments, TimeProvider clock) : IPasskeys
{
    // 32 random bytes: WebAuthn §13.4.3 asks for at least 16.
    private const int ChallengeBytes = 32;
    private const uint TimeoutMilliseconds = 120_000;

    public Task<bool> HasAnyAsync(string environmentId, string userId, CancellationToken cancellationToken) =>
        credentials.HasAnyAsync(environmentId, userId, cancellationToken);

    public async Task<JsonObject> BeginRegistrationAsync(
        string environmentId, DirectoryUser user, PasskeyUserVerification userVerification, CancellationToken cancellationToken)
    {
        var existing = await credentials.ListAsync(environmentId, user.Id, cancellationToken);
        var options = Fido2For(environmentId).RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandle(user.Id), Name = user.Username, DisplayName = user.Name ?? user.Username },
            ExcludeCredentials = [.. existing.Select(Descriptor)],
            // Discoverable, so that the same passkey also signs in without a username.
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = Requirement(userVerification),
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return Parse(options.ToJson());
    }

    public async Task<PasskeyCheck> RegisterAsync(
        string environmentId, string userId, JsonObject options, JsonElement attestation, CancellationToken cancellationToken)
    {
        if (PasskeyResponseReader.Attestation(attestation) is not { } response)
        {
            return PasskeyCheck.Refused(PasskeyRefusals.Malformed);
        }

        var original = CredentialCreateOptions.FromJson(options.ToJsonString());
        try
        {
            var credential = await Fido2For(environmentId).MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = original,
                IsCredentialIdUniqueToUserCallback = async (candidate, token) =>
                    !await credentials.ExistsAsync(environmentId, candidate.CredentialId, token),
            }, cancellationToken);
            var stored = await credentials.TryAddAsync(environmentId, userId, credential, clock.GetUtcNow(), cancellationToken);
            return stored ? PasskeyCheck.Accepted(userId, userVerified: false) : PasskeyCheck.Refused(PasskeyRefusals.AlreadyRegistered);
        }
        catch (Fido2VerificationException exception)
        {
            return PasskeyCheck.Refused(PasskeyRefusals.For(exception.Code));
        }
    }

    public async Task<JsonObject> BeginAssertionAsync(
        string environmentId, string? userId, string? passkeyId, PasskeyUserVerification userVerification, CancellationToken cancellationToken)
    {
        // Without a user, no list: only discoverable passkeys answer, and the answer names its user (WebAuthn §5.5).
        var allowed = userId is null ? [] : await credentials.ListAsync(environmentId, userId, cancellationToken);
        // The device the user chose, while it is still theirs; else any of theirs.
        if (allowed.Where(p => p.Id == passkeyId).ToList() is { Count: > 0 } chosen)
        {
            allowed = chosen;
        }

        var options = Fido2For(environmentId).GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. allowed.Select(Descriptor)],
            UserVerification = Requirement(userVerification),
        });
        return Parse(options.ToJson());
    }

    public async Task<PasskeyCheck> AssertAsync(
        string environmentId, string? userId, JsonObject options, JsonElement assertion, CancellationToken cancellationToken)
    {
        if (PasskeyResponseReader.Assertion(assertion) is not { } response)
        {
            return PasskeyCheck.Refused(PasskeyRefusals.Malformed);
        }

        var stored = await credentials.FindAsync(environmentId, Base64Url.EncodeToString(response.RawId), cancellationToken);
        if (stored is null || (userId is not null && stored.UserId != userId))
        {
            return PasskeyCheck.Refused(PasskeyRefusals.UnknownPasskey);
        }

        var original = AssertionOptions.FromJson(options.ToJsonString());
        try
        {
            var verified = await Fido2For(environmentId).MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = original,
                StoredPublicKey = stored.PublicKey,
                StoredSignatureCounter = (uint)stored.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (owner, _) =>
                    Task.FromResult(owner.UserHandle.AsSpan().SequenceEqual(stored.UserHandle)),
            }, cancellationToken);

            // Conditional on the counter read: of two uses of one signature, one moves the counter and the other is refused.
            if (!await credentials.TryAdvanceAsync(stored, verified.SignCount, clock.GetUtcNow(), cancellationToken))
            {
                return PasskeyCheck.Refused(PasskeyRefusals.For(Fido2ErrorCode.InvalidSignCount));
            }

            return PasskeyCheck.Accepted(stored.UserId, UserVerified(response));
        }
        catch (Fido2VerificationException exception)
        {
            return PasskeyCheck.Refused(PasskeyRefusals.For(exception.Code));
        }
    }

    /// <summary>The relying party of this request: the public address's host as its id, its origin as the only one.</summary>
    private Fido2 Fido2For(string environmentId)
    {
        var request = http.HttpContext?.Request ?? throw new InvalidOperationException("Passkeys need the request's public address.");
        var origin = PublicAddress.Of(request).Origin;
        return new Fido2(new Fido2Configuration
        {
            RPID = new Uri(origin).Host,
            RPName = environments.Current?.Name ?? environmentId,
            Origins = new HashSet<string>([origin], StringComparer.Ordinal),
            ChallengeSize = ChallengeBytes,
            Timeout = TimeoutMilliseconds,
        });
    }

    /// <summary>The user handle: the user's id, which is opaque and holds nothing personal (WebAuthn §14.6.1).</summary>
    public static byte[] UserHandle(string userId) => Encoding.UTF8.GetBytes(userId);

    private static PublicKeyCredentialDescriptor Descriptor(Data.PasskeyCredentialRecord passkey) =>
        new(PublicKeyCredentialType.PublicKey, Base64Url.DecodeFromChars(passkey.CredentialId), PasskeyCredentials.TransportsOf(passkey));

    private static UserVerificationRequirement Requirement(PasskeyUserVerification verification) =>
        verification == PasskeyUserVerification.Required ? UserVerificationRequirement.Required : UserVerificationRequirement.Preferred;

    /// <summary>The UV flag (bit 2) of the authenticator data (WebAuthn §6.1), which the signature covers.</summary>
    private static bool UserVerified(AuthenticatorAssertionRawResponse response) =>
        response.Response.AuthenticatorData.Length > 32 && (response.Response.AuthenticatorData[32] & 0x04) != 0;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
