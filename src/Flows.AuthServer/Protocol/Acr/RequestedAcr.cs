using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol.Acr;

/// <summary>
/// The acr values an authorization request asks for, most preferred first: those of an essential <c>acr</c> claim in
/// the <c>claims</c> parameter (OIDC Core §5.5.1.1), then <c>acr_values</c> in its order of preference (§3.1.2.1).
/// </summary>
public static class RequestedAcr
{
    /// <summary>The <c>claims</c> parameter's members that ask for claims of the ID token and of userinfo (OIDC Core §5.5).</summary>
    private static readonly string[] ClaimsMembers = [Parameters.IdToken, "userinfo"];

    private const string Essential = "essential";
    private const string Value = "value";
    private const string Values = "values";

    /// <summary>Claims parameters longer than this are not read; no client needs that many characters to ask for an acr.</summary>
    private const int MaxClaimsLength = 4_096;

    public static IReadOnlyList<string> ValuesOf(OpenIddictRequest request) =>
        EssentialClaimValues(request.GetParameter(Parameters.Claims)?.ToString())
            .Concat(request.GetAcrValues())
            .Where(acr => !string.IsNullOrWhiteSpace(acr))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> EssentialClaimValues(string? claims)
    {
        if (string.IsNullOrWhiteSpace(claims) || claims.Length > MaxClaimsLength)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(claims);
            return ClaimsMembers.SelectMany(member => AcrOf(document.RootElement, member)).ToList();
        }
        catch (JsonException)
        {
            // A claims parameter that is not JSON asks for nothing this server reads.
            return [];
        }
    }

    private static IEnumerable<string> AcrOf(JsonElement root, string member)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(member, out var requested) || requested.ValueKind != JsonValueKind.Object
            || !requested.TryGetProperty(Claims.AuthenticationContextReference, out var acr) || acr.ValueKind != JsonValueKind.Object
            || !acr.TryGetProperty(Essential, out var essential) || essential.ValueKind != JsonValueKind.True)
        {
            yield break;
        }

        if (acr.TryGetProperty(Value, out var value) && value.ValueKind == JsonValueKind.String)
        {
            yield return value.GetString()!;
        }

        if (acr.TryGetProperty(Values, out var values) && values.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in values.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String))
            {
                yield return item.GetString()!;
            }
        }
    }
}
