using Flows.AuthServer.Administration;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Management.Admin;
using Flows.Designer;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Designer;

/// <summary>
/// Makes sure the admin environment has the designer's client: public, authorization code + PKCE, the management
/// scopes, redirect URIs
/// on this server's public address. Runs after <see cref="AdminBootstrapService"/>; when the server moved to a
/// new address, the new redirect URIs are added to the existing client.
/// </summary>
public sealed class DesignerClientBootstrapService(IServiceScopeFactory scopes, DesignerPublicUrl url, ILogger<DesignerClientBootstrapService> logger)
    : IHostedService
{
    public const string ClientName = "Flows designer";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var environment = await services.GetRequiredService<ServerDbContext>().Environments.AsNoTracking()
            .FirstAsync(e => e.Id == AdminEnvironment.Id, cancellationToken);
        var redirect = new Uri(url.Url(FlowsDesigner.BasePath + DesignerAuthentication.CallbackPath));
        var signedOut = new Uri(url.Url(FlowsDesigner.BasePath + DesignerAuthentication.SignedOutCallbackPath));
        services.GetRequiredService<EnvironmentContext>().Enter(environment);
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        if (await manager.FindByClientIdAsync(DesignerAuthentication.ClientId, cancellationToken) is not { } existing)
        {
            await services.GetRequiredService<ApplicationImporter>().CreateAsync(environment, new EnvironmentFileApplication
            {
                ClientId = DesignerAuthentication.ClientId,
                Name = ClientName,
                Type = ClientTypes.Public,
                GrantTypes = [GrantTypes.AuthorizationCode],
                RedirectUris = [redirect.AbsoluteUri],
                PostLogoutRedirectUris = [signedOut.AbsoluteUri],
                // The management scopes let an administrator's own code-flow token call /v1 (the reference page, scripts run by a person).
                Scopes = [Scopes.OpenId, Scopes.Profile, ManagementScopes.Read, ManagementScopes.Write],
            }, cancellationToken);
            logger.LogInformation("The designer's client '{ClientId}' was created for {Origin}.", DesignerAuthentication.ClientId, url.Origin);
            return;
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await manager.PopulateAsync(descriptor, existing, cancellationToken);
        if (descriptor.RedirectUris.Add(redirect) | descriptor.PostLogoutRedirectUris.Add(signedOut))
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
            logger.LogInformation("The designer's client '{ClientId}' now also accepts {Origin}.", DesignerAuthentication.ClientId, url.Origin);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
