using Flows.Activities.IdentityProviders;
using Flows.AuthServer.Invalidation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// Sign-in through upstream OpenID Connect providers: OpenIddict's client (discovery, code + PKCE, state and nonce,
/// ID token validation, userinfo) with registrations read per environment from the database, and the providers' rules.
/// </summary>
public static class IdentityProviderRegistration
{
    private const string UnusedRedirectionEndpoint = "_idp/callback";

    public static IServiceCollection AddFlowsIdentityProviders(this IServiceCollection services)
    {
        services.AddOpenIddict().AddClient(client =>
        {
            client.AllowAuthorizationCodeFlow();

            // OpenIddict wants a fixed redirection endpoint for the code flow; the real ones, one per provider of each
            // environment, are recognised by InferIdentityProviderCallback. This one (no environment id starts with '_')
            // is never a provider's redirect URI and answers nothing.
            client.SetRedirectionEndpointUris(UnusedRedirectionEndpoint);

            // The state tokens are Data Protection payloads, with keys every node shares (in the database); these
            // keys are required by OpenIddict but sign and encrypt nothing that leaves this process.
            client.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            client.UseDataProtection();

            // A callback is taken once by the flow it continues (the flow moves on), so no token table is needed.
            client.DisableTokenStorage();
            client.AddEventHandler(InferIdentityProviderCallback.Descriptor);

            client.UseAspNetCore()
                .EnableRedirectionEndpointPassthrough()
                .EnableErrorPassthrough()
                // Transport security is the reverse proxy's job; the server also runs on loopback over HTTP.
                .DisableTransportSecurityRequirement();
            client.UseSystemNetHttp();
        });

        // The correlation cookie ties the callback to the browser that left. The provider answers with a top-level GET
        // (response mode query), which Lax admits, like the ST cookie; None would require HTTPS even on loopback.
        services.Configure<OpenIddictClientAspNetCoreOptions>(options =>
        {
            options.CookieBuilder.SameSite = SameSiteMode.Lax;
            options.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.Replace(ServiceDescriptor.Singleton<OpenIddictClientService, EnvironmentClientService>());
        return services.AddIdentityProviderRules();
    }

    /// <summary>The providers' rules, cache and links without the protocol: what environment import and /v1 need.</summary>
    public static IServiceCollection AddIdentityProviderRules(this IServiceCollection services)
    {
        services.TryAddSingleton<IdentityProviderSecrets>();
        services.TryAddSingleton<IdentityProviderRegistrations>();
        services.TryAddSingleton<IdentityProviderCache>();
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<IdentityProviderCache>());
        services.AddScoped<IExternalIdentities, ExternalIdentities>();
        services.AddScoped<IdentityProviderService>();
        return services;
    }
}
