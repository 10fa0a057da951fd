using System.Text.Json;

namespace Flows.Activities.IdentityProviders;

/// <summary>
/// Who an upstream provider says signed in: its <c>sub</c>, the e-mail and whether the provider verified it (null: not said), the claims
/// mapped to local names (<c>username</c>, <c>email</c>, <c>name</c>, else attributes) and the upstream <c>amr</c>.
/// </summary>
public sealed record ExternalIdentity(
    string Subject,
    string? Email,
    bool? EmailVerified,
    IReadOnlyDictionary<string, string> Claims,
    IReadOnlyList<string> Amr)
{
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(this, JsonSerializerOptions.Web);

    /// <summary>The identity in a callback's action body, or null when it is absent or not of this shape.</summary>
    public static ExternalIdentity? FromJson(JsonElement element)
    {
        try
        {
            var identity = element.Deserialize<ExternalIdentity>(JsonSerializerOptions.Web);
            return string.IsNullOrEmpty(identity?.Subject) ? null : identity with { Claims = identity.Claims ?? new Dictionary<string, string>(), Amr = identity.Amr ?? [] };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
