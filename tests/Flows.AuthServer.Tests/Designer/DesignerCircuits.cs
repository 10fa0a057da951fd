using System.Security.Claims;
using Flows.AuthServer.Administration;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Flows.AuthServer.Tests.Designer;

/// <summary>Scopes as the designer's circuits have them, for calling its services without a browser.</summary>
public static class DesignerCircuits
{
    /// <summary>A scope with the administrator <paramref name="subject"/> signed in, with both roles.</summary>
    public static AsyncServiceScope SignedInScope(this IServiceProvider services, string subject)
    {
        var scope = services.CreateAsyncScope();
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", subject), new Claim("role", ManagementRoles.Read), new Claim("role", ManagementRoles.Write)], "test"));
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(user)));
        return scope;
    }
}
