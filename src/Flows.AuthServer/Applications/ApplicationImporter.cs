using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Applications;

/// <summary>Creates an environment file's application through OpenIddict, which hashes its secret.</summary>
public sealed class ApplicationImporter(IOpenIddictApplicationManager manager, EnvironmentContext environments, TimeProvider clock)
{
    /// <summary>
    /// Creates the application in the environment, which the scope enters: OpenIddict's store checks the client id
    /// among that environment's applications.
    /// </summary>
    public async Task<ImportedApplication> CreateAsync(
        EnvironmentRecord environment, EnvironmentFileApplication entry, CancellationToken cancellationToken)
    {
        environments.Enter(environment);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = entry.ClientId,
            DisplayName = entry.Name ?? entry.ClientId,
            ClientType = entry.Type,

            ConsentType = ApplicationConsent.TypeOf(entry.ThirdParty),
        };
        descriptor.RedirectUris.UnionWith(entry.RedirectUris.Select(uri => new Uri(uri)));
        descriptor.PostLogoutRedirectUris.UnionWith(entry.PostLogoutRedirectUris.Select(uri => new Uri(uri)));
        ApplicationPermissions.Apply(descriptor, entry);
        descriptor.JsonWebKeySet = ClientAuthentication.KeysOf(entry);

        var application = new FlowsApplication
        {
            EnvironmentId = environment.Id, FlowId = entry.Flow, AcrFlows = new Dictionary<string, string>(entry.AcrFlows, StringComparer.Ordinal),
            JwksUri = entry.JwksUri,
        };
        LogoutRegistration.Apply(application, entry);
        await manager.PopulateAsync(application, descriptor, cancellationToken);
        // A private_key_jwt client proves itself with its keys only (RFC 7523 §2.2): it is given no secret.
        if (entry.Type != ClientTypes.Confidential || ClientAuthentication.UsesPrivateKeyJwt(entry))
        {
            await manager.CreateAsync(application, cancellationToken);
            return new ImportedApplication(entry.ClientId, entry.Type, GeneratedSecret: null);
        }

        var secret = entry.ClientSecret ?? RandomSecrets.ClientSecret();

        // A client created again under a deleted one's id is a new client: the old one's tokens must not pass.
        application.SecretRotatedAt = ClientSecretStamps.Now(clock);
        await manager.CreateAsync(application, secret, cancellationToken);
        return new ImportedApplication(entry.ClientId, entry.Type, GeneratedSecret: entry.ClientSecret is null ? secret : null);
    }
}
