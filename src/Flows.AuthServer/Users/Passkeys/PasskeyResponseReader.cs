using System.Text.Json;
using Fido2NetLib;

namespace Flows.AuthServer.Users.Passkeys;

/// <summary>Reads the browser's <c>PublicKeyCredential</c> JSON into the library's types; null when it is not one.</summary>
public static class PasskeyResponseReader
{
    public static AuthenticatorAttestationRawResponse? Attestation(JsonElement json) =>
        Read<AuthenticatorAttestationRawResponse>(json) is { RawId.Length: > 0, Response.AttestationObject: not null, Response.ClientDataJson: not null } response
            ? response
            : null;

    public static AuthenticatorAssertionRawResponse? Assertion(JsonElement json) =>
        Read<AuthenticatorAssertionRawResponse>(json) is { RawId.Length: > 0, Response.AuthenticatorData: not null, Response.Signature: not null, Response.ClientDataJson: not null } response
            ? response
            : null;

    private static T? Read<T>(JsonElement json)
        where T : class
    {
        try
        {
            return json.Deserialize<T>();
        }
        catch (Exception exception) when (exception is JsonException or FormatException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
