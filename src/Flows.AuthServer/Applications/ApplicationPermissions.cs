using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Turns what an application is (client type, grant types, scopes) into the OpenIddict permissions and
/// requirements that let it use exactly those: endpoints, grants, response types, scopes, PKCE.
/// </summary>
public static class ApplicationPermissions
{
    /// <summary>The grant types an application may be given.</summary>
    public static readonly IReadOnlySet<string> KnownGrantTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        GrantTypes.AuthorizationCode, GrantTypes.Implicit, GrantTypes.RefreshToken, GrantTypes.ClientCredentials, GrantTypes.DeviceCode,
        GrantTypes.TokenExchange,
    };

    /// <summary>The scopes the server knows; the management ones only for the admin environment's applications.</summary>
    public static readonly IReadOnlySet<string> KnownScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, ManagementScopes.Read, ManagementScopes.Write,
    };

    public static readonly IReadOnlySet<string> KnownClientTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        ClientTypes.Public, ClientTypes.Confidential,
    };

    /// <summary>Whether the grants send the browser to the authorization endpoint and back to a redirect URI.</summary>
    public static bool UsesRedirects(IEnumerable<string> grantTypes) =>
        grantTypes.Any(grant => grant is GrantTypes.AuthorizationCode or GrantTypes.Implicit);

    /// <summary>The permissions and requirements of what <paramref name="entry"/> describes.</summary>
    public static void Apply(OpenIddictApplicationDescriptor descriptor, EnvironmentFileApplication entry)
    {
        Apply(descriptor, entry.Type, entry.GrantTypes, entry.Scopes);
        if (entry.RequirePushedAuthorizationRequests)
        {
            descriptor.Requirements.Add(Requirements.Features.PushedAuthorizationRequests);
        }
    }

    public static void Apply(
        OpenIddictApplicationDescriptor descriptor, string clientType, IReadOnlyCollection<string> grantTypes, IEnumerable<string> scopes)
    {
        var permissions = descriptor.Permissions;
        var code = grantTypes.Contains(GrantTypes.AuthorizationCode);
        var implicitGrant = grantTypes.Contains(GrantTypes.Implicit);
        if (code || implicitGrant)
        {
            permissions.Add(Permissions.Endpoints.Authorization);
            permissions.Add(Permissions.Endpoints.PushedAuthorization);
            permissions.Add(Permissions.Endpoints.EndSession);
        }

        if (grantTypes.Any(grant => grant is not GrantTypes.Implicit))
        {
            permissions.Add(Permissions.Endpoints.Token);
        }

        // RFC 8628 §3.1: the device asks at its own endpoint, then polls the token endpoint.
        if (grantTypes.Contains(GrantTypes.DeviceCode))
        {
            permissions.Add(Permissions.Endpoints.DeviceAuthorization);
        }

        // Only a client that can authenticate may ask about or revoke tokens.
        if (clientType == ClientTypes.Confidential)
        {
            permissions.Add(Permissions.Endpoints.Introspection);
            permissions.Add(Permissions.Endpoints.Revocation);
        }

        foreach (var grant in grantTypes)
        {
            permissions.Add(Permissions.Prefixes.GrantType + grant);
        }

        foreach (var responseType in ResponseTypesFor(code, implicitGrant))
        {
            permissions.Add(responseType);
        }

        // openid needs no permission: OpenIddict always allows it.
        foreach (var scope in scopes.Where(scope => scope != Scopes.OpenId))
        {
            permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        // OAuth 2.0 Security BCP (RFC 9700 §2.1.1): a client without a secret must prove possession with PKCE.
        if (clientType == ClientTypes.Public)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
    }

    private static IEnumerable<string> ResponseTypesFor(bool code, bool implicitGrant)
    {
        if (code)
        {
            yield return Permissions.ResponseTypes.Code;
        }

        if (implicitGrant)
        {
            yield return Permissions.ResponseTypes.IdToken;
            yield return Permissions.ResponseTypes.Token;
            yield return Permissions.ResponseTypes.IdTokenToken;
        }

        // OIDC Core §3.3: the hybrid flow is a code plus implicit responses.
        if (code && implicitGrant)
        {
            yield return Permissions.ResponseTypes.CodeIdToken;
            yield return Permissions.ResponseTypes.CodeToken;
            yield return Permissions.ResponseTypes.CodeIdTokenToken;
        }
    }
}
