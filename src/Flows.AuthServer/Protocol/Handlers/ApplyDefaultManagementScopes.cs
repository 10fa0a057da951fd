using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Gives a client credentials request of the admin environment that names no <c>scope</c> the management scopes
/// its client is permitted, so a script gets a management token with the client's credentials alone (RFC 6749
/// §3.3 lets the server apply a pre-defined default). A request that names scopes gets exactly those; other
/// environments, and other scopes such as offline_access, are never defaulted.
/// </summary>
public sealed class ApplyDefaultManagementScopes(IOpenIddictApplicationManager applications, EnvironmentContext environments)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<ApplyDefaultManagementScopes>()
            // After the client is authenticated; before its scope permissions are checked.
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (environments.Current?.Id != AdminEnvironment.Id
            || !context.Request.IsClientCredentialsGrantType() || !string.IsNullOrEmpty(context.Request.Scope)
            || context.ClientId is not { } clientId
            || await applications.FindByClientIdAsync(clientId) is not { } application)
        {
            return;
        }

        var permitted = await applications.GetPermissionsAsync(application);
        var scopes = ManagementScopes.All.Where(scope => permitted.Contains(Permissions.Prefixes.Scope + scope)).Order(StringComparer.Ordinal).ToList();
        if (scopes.Count > 0)
        {
            context.Request.Scope = string.Join(' ', scopes);
        }
    }
}
