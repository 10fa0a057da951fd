using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Administration;

/// <summary>
/// The scopes of the management API: <see cref="Read"/> for every GET, <see cref="Write"/> for every change.
/// Write implies read, so one token can do both, as with Keycloak's and PingOne's admin roles.
/// </summary>
public static class ManagementScopes
{
    public const string Read = "flows.read";
    public const string Write = "flows.write";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Read, Write };

    /// <summary>
    /// The scopes an access token grants: RFC 9068 §2.2.3 puts them space-separated in one <c>scope</c> claim;
    /// several claims are accepted too.
    /// </summary>
    public static IReadOnlySet<string> Of(ClaimsPrincipal principal) =>
        principal.FindAll(Claims.Scope)
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);

    public static bool AllowRead(ClaimsPrincipal principal) => Of(principal).Overlaps(All);

    public static bool AllowWrite(ClaimsPrincipal principal) => Of(principal).Contains(Write);
}
