using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace Flows.AuthServer.Designer;

/// <summary>
/// A designer circuit's authentication state, checked again while the circuit lives (ASP.NET Core's
/// <see cref="RevalidatingServerAuthenticationStateProvider"/>): once the administrator is disabled, deleted or holds
/// other roles, the circuit is signed out and its pages ask for a reload, which signs in with what holds now.
/// </summary>
public sealed class DesignerAuthenticationStateProvider(
    ILoggerFactory loggers, DesignerAdministrators administrators, IOptions<DesignerOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    /// <summary>A circuit is looked at no more often than this, even when the cookie is checked on every request.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    protected override TimeSpan RevalidationInterval =>
        options.Value.RevalidationInterval > MinimumInterval ? options.Value.RevalidationInterval : MinimumInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        administrators.IsCurrentAsync(authenticationState.User, cancellationToken);
}
