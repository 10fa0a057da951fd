using Flows.AuthServer.Data;
using Microsoft.IdentityModel.Protocols;
using OpenIddict.Abstractions;
using OpenIddict.Client;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// Makes the OpenIddict client registration of a stored provider: code flow with PKCE, the provider's scopes, the
/// callback <c>{env}/idp/{id}/callback</c> below the request's base, and discovery at <c>{issuer}/.well-known/openid-configuration</c>.
/// OpenIddict's own options validate registrations at start-up only, so these are made here as it makes them.
/// </summary>
public sealed class IdentityProviderRegistrations(IServiceProvider services, IdentityProviderSecrets secrets)
{
    private const char Separator = '/';
    private const string DiscoveryPath = "/.well-known/openid-configuration";

    /// <summary>The registration id of a provider, which OpenIddict carries in its state token.</summary>
    public static string IdOf(string environmentId, string providerId) => $"{environmentId}{Separator}{providerId}";

    /// <summary>The environment and provider a registration id names, or null when it names none.</summary>
    public static (string EnvironmentId, string ProviderId)? Parse(string registrationId) =>
        registrationId.Split(Separator) is [var environmentId, var providerId] && environmentId.Length > 0 && providerId.Length > 0
            ? (environmentId, providerId)
            : null;

    /// <summary>The callback path (relative to the public base) the provider must have registered as redirect URI.</summary>
    public static string CallbackPath(string environmentId, string providerId) => $"{environmentId}/idp/{providerId}/callback";

    public OpenIddictClientRegistration Create(IdentityProviderRecord provider)
    {
        var issuer = new Uri(provider.Issuer, UriKind.Absolute);
        var registration = new OpenIddictClientRegistration
        {
            RegistrationId = IdOf(provider.EnvironmentId, provider.Id),
            ProviderName = IdOf(provider.EnvironmentId, provider.Id),
            ProviderDisplayName = provider.Name,
            Issuer = issuer,
            ClientId = provider.ClientId,
            ClientSecret = provider.ProtectedClientSecret is { } protectedSecret ? secrets.Unprotect(protectedSecret) : null,
            // Relative: OpenIddict makes it absolute with the request's base, so it follows Flows:PublicUrl and proxies.
            RedirectUri = new Uri(CallbackPath(provider.EnvironmentId, provider.Id), UriKind.Relative),
            ConfigurationEndpoint = new Uri(provider.Issuer.TrimEnd('/') + DiscoveryPath, UriKind.Absolute),
        };
        registration.GrantTypes.Add(GrantTypes.AuthorizationCode);
        registration.ResponseTypes.Add(ResponseTypes.Code);
        registration.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        registration.Scopes.Add(Scopes.OpenId);
        registration.Scopes.UnionWith(provider.Scopes);

        var service = services.GetRequiredService<OpenIddictClientService>();
        registration.ConfigurationManager = new ConfigurationManager<OpenIddictConfiguration>(
            registration.ConfigurationEndpoint.AbsoluteUri, new OpenIddictClientRetriever(service, registration))
        {
            AutomaticRefreshInterval = ConfigurationManager<OpenIddictConfiguration>.DefaultAutomaticRefreshInterval,
            RefreshInterval = ConfigurationManager<OpenIddictConfiguration>.DefaultRefreshInterval,
        };
        return registration;
    }
}
