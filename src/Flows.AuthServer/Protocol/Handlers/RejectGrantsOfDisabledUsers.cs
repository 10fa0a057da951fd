using Flows.Activities.Users;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Refuses to redeem a code, device code or refresh token for a user who was disabled or removed since it was issued:
/// a disabled account must lose access at its next refresh, not when its refresh token expires.
/// </summary>
public sealed class RejectGrantsOfDisabledUsers(IUserDirectory users, EnvironmentContext environments)
    : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<RejectGrantsOfDisabledUsers>()
            .AddFilter<RequireUserGrant>()
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!(context.Request.IsAuthorizationCodeGrantType() || context.Request.IsRefreshTokenGrantType()
                || context.Request.IsDeviceCodeGrantType())
            || context.Principal?.GetClaim(Claims.Subject) is not { } subject)
        {
            return;
        }

        var user = await users.FindByIdAsync(environments.Required.Id, subject, CancellationToken.None);
        if (user is not { Enabled: true })
        {
            context.Reject(Errors.InvalidGrant, "The user of this grant can no longer sign in.");
        }
    }
}
