using Flows.AuthServer.Administration;
using Microsoft.AspNetCore.Authorization;

namespace Flows.AuthServer.Management.Authentication;

/// <summary>
/// The authorization policies of <c>/v1</c>, named after the scopes they need: <see cref="ManagementScopes.Read"/>
/// for every endpoint, <see cref="ManagementScopes.Write"/> in addition for every change.
/// </summary>
public static class ManagementPolicies
{
    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ManagementScopes.Read, policy => policy
            .AddAuthenticationSchemes(ManagementBearerHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => ManagementScopes.AllowRead(context.User)));
        options.AddPolicy(ManagementScopes.Write, policy => policy
            .AddAuthenticationSchemes(ManagementBearerHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => ManagementScopes.AllowWrite(context.User)));
    }
}
