using Flows.Activities.Users;
using Flows.AuthServer.Administration;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Grants an administrator of the admin environment only the management scopes their roles allow
/// (<see cref="ManagementRoles"/>), whatever the client asked for and was permitted: a read-only administrator's
/// token reads. Runs on every sign-in that carries a user, so a refresh after a role was taken away loses it too
/// (RFC 6749 §3.3: the server may issue fewer scopes than requested).
/// </summary>
public sealed class LimitManagementScopesToRoles(IUserDirectory users, EnvironmentContext environments) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<LimitManagementScopesToRoles>()
            // Once the granted scopes are known; before the tokens' principals are made from them.
            .SetOrder(OpenIddictServerHandlers.AttachDefaultScopes.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (environments.Current?.Id != AdminEnvironment.Id || context.Request.IsClientCredentialsGrantType()
            || context.Principal is not { } principal || !principal.GetScopes().Any(ManagementScopes.All.Contains)
            || principal.GetClaim(OpenIddictConstants.Claims.Subject) is not { } subject)
        {
            return;
        }

        var user = await users.FindByIdAsync(AdminEnvironment.Id, subject, CancellationToken.None);
        var allowed = user is { Enabled: true } ? ManagementRoles.AllowedScopes(ManagementRoles.Of(user.Groups)) : new HashSet<string>();
        principal.SetScopes(principal.GetScopes().Where(scope => !ManagementScopes.All.Contains(scope) || allowed.Contains(scope)));
    }
}
