using Flows.Activities.IdentityProviders;
using Flows.AuthServer.Invalidation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenIddict.Client;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// Sign-in through upstream OpenID Connect providers: OpenIddict's client (discovery, code + PKCE, state and nonce,
/// ID token validation, userinfo) with registrations read per environment from the database, and the providers' rules.
/// </summary>
public static class IdentityProviderRegistration
{
    public static IServiceCollection AddFlowsIdentityProviders(this IServiceCollection services)
    {
        services.AddOpenIddict().AddClient(client =>
        {
            client.AllowAuthorizationCodeFlow();

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

        services.Replace(ServiceDescriptor.Singleton<OpenIddictClientService, EnvironmentClientService>());
        services.AddSingleton<IdentityProviderSecrets>();
        services.AddSingleton<IdentityProviderRegistrations>();
        services.AddSingleton<IdentityProviderCache>();
        services.AddSingleton<IInvalidatedCache>(provider => provider.GetRequiredService<IdentityProviderCache>());
        services.AddScoped<IExternalIdentities, ExternalIdentities>();
        services.AddScoped<IdentityProviderService>();
        return services;
    }
}
