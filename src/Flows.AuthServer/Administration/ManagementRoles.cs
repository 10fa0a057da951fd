using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Administration;

/// <summary>
/// The roles of the admin environment's administrators, held as groups of their user: <see cref="Read"/> to look,
/// <see cref="Write"/> to change (and look). A role allows the management scope of the same name, so what an
/// administrator may do through /v1 and what they may do in the designer is one decision. Set through /v1 (a user's
/// <c>groups</c>) or an environment file; start-up gives the bootstrapped administrator both.
/// </summary>
public static class ManagementRoles
{
    public const string Read = ManagementScopes.Read;
    public const string Write = ManagementScopes.Write;

    /// <summary>The claim the designer's sign-in carries an administrator's roles in.</summary>
    public const string ClaimType = Claims.Role;

    public static readonly IReadOnlyList<string> All = [Read, Write];

    /// <summary>The roles among a user's groups, ordered.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> groups) => All.Where(groups.Contains).ToList();

    /// <summary>The management scopes the roles allow: write implies read, as for the scopes themselves.</summary>
    public static IReadOnlySet<string> AllowedScopes(IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.Ordinal);
        return held.Contains(Write) ? new HashSet<string>(ManagementScopes.All, StringComparer.Ordinal)
            : held.Contains(Read) ? new HashSet<string>(StringComparer.Ordinal) { Read }
            : new HashSet<string>(StringComparer.Ordinal);
    }
}
