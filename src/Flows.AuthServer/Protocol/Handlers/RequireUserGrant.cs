using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Lets a token request handler run only for the grants that carry a user (authorization code, refresh token, device code), so
/// its scoped dependencies — the user directory and its database context — are not even created for client
/// credentials, the busiest grant.
/// </summary>
public sealed class RequireUserGrant : IOpenIddictServerHandlerFilter<HandleTokenRequestContext>
{
    public ValueTask<bool> IsActiveAsync(HandleTokenRequestContext context) =>
        new(context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType()
            || context.Request.IsDeviceCodeGrantType());
}
