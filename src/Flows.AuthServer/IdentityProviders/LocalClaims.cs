using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// The local names a provider's <c>claims</c> map upstream claims to: the user's username, e-mail and name; any other
/// local name becomes an attribute of a user created from the upstream identity.
/// </summary>
public static class LocalClaims
{
    public const string Username = "username";
    public const string Email = "email";
    public const string Name = "name";

    public static readonly IReadOnlySet<string> Profile = new HashSet<string>(StringComparer.Ordinal) { Username, Email, Name };

    /// <summary>The mapping a provider without its own uses: the standard OpenID Connect claims (OIDC Core §5.1).</summary>
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Username] = Claims.PreferredUsername,
        [Email] = Claims.Email,
        [Name] = Claims.Name,
    };
}
