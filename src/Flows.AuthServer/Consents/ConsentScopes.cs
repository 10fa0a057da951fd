using Flows.Activities;
using Flows.AuthServer.Administration;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Consents;

/// <summary>What each scope lets an application do, in the words a consent page shows the user.</summary>
public static class ConsentScopes
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        [Scopes.OpenId] = "Know who you are",
        [Scopes.Profile] = "See your name and profile",
        [Scopes.Email] = "See your email address",
        [Scopes.OfflineAccess] = "Keep access while you are away",
        [ManagementScopes.Read] = "Read this server's configuration",
        [ManagementScopes.Write] = "Change this server's configuration",
    };

    /// <summary>Each scope with its description; a scope without one is shown by its name.</summary>
    public static IReadOnlyList<ConsentScope> Describe(IEnumerable<string> scopes) =>
        scopes.Distinct(StringComparer.Ordinal)
            .Select(scope => new ConsentScope(scope, Descriptions.GetValueOrDefault(scope, scope)))
            .ToList();
}
