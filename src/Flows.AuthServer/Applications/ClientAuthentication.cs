using System.Text.Json;
using Flows.AuthServer.Environments;
using Microsoft.IdentityModel.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Applications;

/// <summary>
/// How an application proves itself at the token endpoint: a secret, a client assertion signed with one of its
/// registered public keys (private_key_jwt, RFC 7523 §2.2), or nothing (a public client). Checks a registered JWKS or the
/// address the client publishes its keys at.
/// </summary>
public static class ClientAuthentication
{
    public const string Field = "tokenEndpointAuthMethod";
    public const string JwksField = "jwks";
    public const string JwksUriField = "jwksUri";

    /// <summary>The longest JWKS URI: a URL, not a document.</summary>
    public const int MaxJwksUriLength = 2_048;

    /// <summary>The most keys one application may register: enough for a rotation, not a key store.</summary>
    public const int MaxKeys = 10;

    /// <summary>The longest JWKS, in characters of JSON.</summary>
    public const int MaxJwksLength = 16_384;

    /// <summary>The methods a confidential client may be registered with.</summary>
    public static readonly IReadOnlySet<string> ConfidentialMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost, ClientAuthenticationMethods.PrivateKeyJwt,
    };

    /// <summary>The method of <paramref name="entry"/>, its default when it names none.</summary>
    public static string MethodOf(EnvironmentFileApplication entry) => entry.TokenEndpointAuthMethod
        ?? (entry.Type == ClientTypes.Public ? ClientAuthenticationMethods.None : ClientAuthenticationMethods.ClientSecretBasic);

    public static bool UsesPrivateKeyJwt(EnvironmentFileApplication entry) =>
        entry.TokenEndpointAuthMethod == ClientAuthenticationMethods.PrivateKeyJwt;

    /// <summary>The registered keys as OpenIddict stores them; null when the entry has none.</summary>
    public static JsonWebKeySet? KeysOf(EnvironmentFileApplication entry) =>
        entry.Jwks is { } jwks ? JsonWebKeySet.Create(jwks.GetRawText()) : null;

    /// <summary>The problems of the entry's method and keys.</summary>
    public static IEnumerable<(string Field, string Message)> Validate(EnvironmentFileApplication entry)
    {
        var method = MethodOf(entry);
        var isPublic = entry.Type == ClientTypes.Public;
        if (isPublic && method != ClientAuthenticationMethods.None)
        {
            yield return (Field, $"a public client authenticates with {ClientAuthenticationMethods.None} only");
        }
        else if (!isPublic && !ConfidentialMethods.Contains(method))
        {
            yield return (Field, $"{Field} '{method}' is unknown; use {string.Join(", ", ConfidentialMethods)}");
        }

        if (method != ClientAuthenticationMethods.PrivateKeyJwt)
        {
            if (entry.Jwks is not null)
            {
                yield return (JwksField, $"only a {ClientAuthenticationMethods.PrivateKeyJwt} client registers keys");
            }

            if (entry.JwksUri is not null)
            {
                yield return (JwksUriField, $"only a {ClientAuthenticationMethods.PrivateKeyJwt} client has a {JwksUriField}");
            }

            yield break;
        }

        if (entry.ClientSecret is not null)
        {
            yield return ("clientSecret", $"a {ClientAuthenticationMethods.PrivateKeyJwt} client has no secret; remove clientSecret");
        }

        if (entry.JwksUri is not null)
        {
            if (entry.Jwks is not null)
            {
                yield return (JwksUriField, $"give the keys in one place: {JwksField} or {JwksUriField}, not both");
            }
            else if (ValidateKeysUri(entry.JwksUri) is { } uriProblem)
            {
                yield return (JwksUriField, uriProblem);
            }
        }
        else if (ValidateKeys(entry.Jwks) is { } problem)
        {
            yield return (JwksField, problem);
        }
    }

    /// <summary>
    /// What is wrong with a JWKS URI, null when it is an absolute HTTPS URL (HTTP only to this machine, for a client
    /// running beside the server: whether such keys are ever read is the server's setting, see RemoteClientKeyOptions).
    /// </summary>
    private static string? ValidateKeysUri(string text)
    {
        if (text.Length > MaxJwksUriLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile
            || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return $"{JwksUriField} must be an absolute https URL of at most {MaxJwksUriLength} characters, without credentials or fragment";
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
            ? null
            : $"{JwksUriField} must use https (RFC 7591 §2: the keys' integrity rests on it)";
    }

    /// <summary>What is wrong with the JWKS, null when it holds 1 to <see cref="MaxKeys"/> public RSA or EC signing keys.</summary>
    private static string? ValidateKeys(JsonElement? jwks)
    {
        if (jwks is not { ValueKind: JsonValueKind.Object } value)
        {
            return $"a {ClientAuthenticationMethods.PrivateKeyJwt} client needs its public keys as a JWKS object: {{\"keys\": [...]}}, or their {JwksUriField}";
        }

        var text = value.GetRawText();
        if (text.Length > MaxJwksLength)
        {
            return $"the JWKS may have at most {MaxJwksLength} characters";
        }

        JsonWebKeySet set;
        try
        {
            set = JsonWebKeySet.Create(text);
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException or FormatException)
        {
            return "the JWKS is not a valid JSON Web Key Set (RFC 7517 §5)";
        }

        if (set.Keys.Count is 0 or > MaxKeys)
        {
            return $"the JWKS must hold 1 to {MaxKeys} keys";
        }

        foreach (var key in set.Keys)
        {
            // A private part in a registration means the client's secret key has left it: refuse rather than keep it.
            if (key.HasPrivateKey || !string.IsNullOrEmpty(key.D) || !string.IsNullOrEmpty(key.K))
            {
                return "the JWKS holds a private or symmetric key; register only the public keys";
            }

            if (key.Kty is not (JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve)
                || key.Use is not (null or "" or JsonWebKeyUseNames.Sig)
                || !JsonWebKeyConverter.TryConvertToSecurityKey(key, out _))
            {
                return "every key must be an RSA or EC public key for signatures (use \"sig\" or none)";
            }
        }

        return null;
    }
}
