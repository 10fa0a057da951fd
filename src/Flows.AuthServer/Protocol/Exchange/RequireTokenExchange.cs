using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Exchange;

/// <summary>Lets a token request handler run only for the token exchange grant (RFC 8693).</summary>
public sealed class RequireTokenExchange : IOpenIddictServerHandlerFilter<ValidateTokenRequestContext>,
    IOpenIddictServerHandlerFilter<HandleTokenRequestContext>
{
    public ValueTask<bool> IsActiveAsync(ValidateTokenRequestContext context) => new(context.Request.IsTokenExchangeGrantType());

    public ValueTask<bool> IsActiveAsync(HandleTokenRequestContext context) => new(context.Request.IsTokenExchangeGrantType());
}
