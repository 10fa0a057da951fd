using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.TryIt;

/// <summary>One row of the try-it page's claim table: a claim of the ID token, with times also shown as dates.</summary>
public sealed record TryItClaimRow(string Type, string Value, string? Note)
{
    private static readonly HashSet<string> TimeClaims = new(StringComparer.Ordinal)
    {
        Claims.IssuedAt, Claims.ExpiresAt, Claims.NotBefore, Claims.AuthenticationTime,
    };

    public static IReadOnlyList<TryItClaimRow> Of(JsonWebToken token) =>
        [.. token.Claims.Select(claim => new TryItClaimRow(claim.Type, claim.Value, NoteFor(claim.Type, claim.Value)))];

    private static string? NoteFor(string type, string value) =>
        TimeClaims.Contains(type) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("u", CultureInfo.InvariantCulture)
            : null;
}
