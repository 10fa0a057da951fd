using System.Text.Json;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Applications;

/// <summary>
/// Reads a stored application back as the environment file entry that would create it, from its OpenIddict
/// permissions; never its secret, which is stored only hashed.
/// </summary>
public static class ApplicationEntries
{
    public static async Task<EnvironmentFileApplication> ReadAsync(
        IOpenIddictApplicationManager manager, FlowsApplication application, CancellationToken cancellationToken)
    {
        var permissions = await manager.GetPermissionsAsync(application, cancellationToken);
        var scopes = Suffixes(permissions, Permissions.Prefixes.Scope).ToList();

        // openid needs no permission (OpenIddict always allows it), so it is not stored; a client that may
        // use the authorization endpoint is an OpenID Connect client and may ask for it.
        if (permissions.Contains(Permissions.Endpoints.Authorization))
        {
            scopes.Insert(0, Scopes.OpenId);
        }

        return new EnvironmentFileApplication
        {
            ClientId = application.ClientId!,
            Name = await manager.GetDisplayNameAsync(application, cancellationToken),
            Type = await manager.GetClientTypeAsync(application, cancellationToken) ?? "",
            GrantTypes = Suffixes(permissions, Permissions.Prefixes.GrantType).ToList(),
            RedirectUris = await manager.GetRedirectUrisAsync(application, cancellationToken),
            PostLogoutRedirectUris = await manager.GetPostLogoutRedirectUrisAsync(application, cancellationToken),
            Scopes = scopes,
            Flow = application.FlowId,
            BackchannelLogoutUri = application.BackchannelLogoutUri,
            BackchannelLogoutSessionRequired = application.BackchannelLogoutSessionRequired,
            FrontchannelLogoutUri = application.FrontchannelLogoutUri,
            FrontchannelLogoutSessionRequired = application.FrontchannelLogoutSessionRequired,
            RequirePushedAuthorizationRequests =
                await manager.HasRequirementAsync(application, Requirements.Features.PushedAuthorizationRequests, cancellationToken),
            TokenEndpointAuthMethod = MethodOf(application),
            Jwks = application.JsonWebKeySet is { } jwks ? JsonDocument.Parse(jwks).RootElement.Clone() : null,
            JwksUri = application.JwksUri,
            AcrFlows = application.AcrFlows,
            ThirdParty = ApplicationConsent.IsThirdParty(await manager.GetConsentTypeAsync(application, cancellationToken)),
        };
    }

    /// <summary>A confidential client with keys and no secret authenticates with a client assertion only.</summary>
    private static string MethodOf(FlowsApplication application) => application.ClientType switch
    {
        ClientTypes.Public => ClientAuthenticationMethods.None,
        _ when application.ClientSecret is null && (application.JsonWebKeySet is not null || application.JwksUri is not null) =>
            ClientAuthenticationMethods.PrivateKeyJwt,
        _ => ClientAuthenticationMethods.ClientSecretBasic,
    };

    private static IEnumerable<string> Suffixes(IEnumerable<string> permissions, string prefix) =>
        permissions.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).Select(p => p[prefix.Length..]);
}
