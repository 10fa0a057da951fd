using System.Text.Json;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Flows;

/// <summary>
/// The authorization request as a flow keeps it until the resume answers it: only the parameters OpenIddict
/// validates and answers with, each within a length limit, so an anonymous authorize cannot make the server
/// store whatever it sends. A request over a limit is refused before anything is stored.
/// </summary>
public static class StoredAuthorizationRequest
{
    /// <summary>The longest all kept values may be together, in characters.</summary>
    public const int MaxTotalLength = 16_384;

    /// <summary>What the refusal names when only the sum is too long.</summary>
    public const string AllParameters = "authorization request's";

    // Generous for real clients: redirect URIs and states of a few hundred characters, ID tokens of a few kB.
    private static readonly Dictionary<string, int> MaxLengths = new(StringComparer.Ordinal)
    {
        [Parameters.ClientId] = 256,
        [Parameters.RedirectUri] = 2_048,
        [Parameters.ResponseType] = 64,
        [Parameters.ResponseMode] = 32,
        [Parameters.Scope] = 2_048,
        [Parameters.State] = 2_048,
        [Parameters.Nonce] = 512,
        [Parameters.CodeChallenge] = 128, // RFC 7636 §4.1: a verifier has 43 to 128 characters
        [Parameters.CodeChallengeMethod] = 16,
        [Parameters.Prompt] = 64,
        [Parameters.MaxAge] = 16,
        [Parameters.LoginHint] = 512,
        [Parameters.AcrValues] = 512,
        [Parameters.UiLocales] = 128,
        [Parameters.Display] = 16,
        [Parameters.IdTokenHint] = 8_192,
        [Parameters.Resource] = 2_048, // RFC 8707: may repeat; each value within the limit, all within the total
        [Parameters.Audience] = 2_048,

        // RFC 9126 §4: a pushed request is answered with its request_uri, so the resume validates (and OpenIddict
        // redeems) the pushed request again; OpenIddict's are "urn:ietf:params:oauth:request_uri:" and a short id.
        [Parameters.RequestUri] = 256,
    };

    /// <summary>The first kept parameter over its limit, <see cref="AllParameters"/> when only the sum is; null when the request fits.</summary>
    public static string? FindOversized(OpenIddictRequest request)
    {
        var total = 0;
        foreach (var (name, maxLength) in MaxLengths)
        {
            foreach (var length in ValueLengths(request, name))
            {
                if (length > maxLength)
                {
                    return name;
                }

                total += length;
            }
        }

        return total > MaxTotalLength ? AllParameters : null;
    }

    /// <summary>The kept parameters as JSON; whatever else the request carried is dropped.</summary>
    public static string Serialize(OpenIddictRequest request)
    {
        var kept = new OpenIddictRequest();
        foreach (var name in MaxLengths.Keys)
        {
            if (request.GetParameter(name) is { } value)
            {
                kept.SetParameter(name, value);
            }
        }

        return JsonSerializer.Serialize(kept);
    }

    public static OpenIddictRequest? Deserialize(string stored) => JsonSerializer.Deserialize<OpenIddictRequest>(stored);

    private static IEnumerable<int> ValueLengths(OpenIddictRequest request, string name)
    {
        if (request.GetParameter(name) is not { } parameter)
        {
            return [];
        }

        // A repeated parameter (resource=…&resource=…) counts value by value.
        return ((StringValues)parameter).Select(value => value?.Length ?? 0);
    }
}
