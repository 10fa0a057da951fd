using System.Security.Claims;
using Flows.AuthServer.Applications;
using Flows.AuthServer.Data;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Stamps a client credentials access token with when its client's secret was set (<see cref="ClientSecretStamps"/>):
/// these tokens are not stored, so the stamp is what lets the management API refuse one granted before a rotation.
/// </summary>
public sealed class AttachClientSecretStamp(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<AttachClientSecretStamp>()
            // After IssueClientCredentialsPrincipal has built the client's principal.
            .SetOrder(IssueClientCredentialsPrincipal.Descriptor.Order + 100)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType() || context.Principal?.Identity is not ClaimsIdentity identity
            || context.ClientId is not { } clientId
            || await applications.FindByClientIdAsync(clientId) is not FlowsApplication { SecretRotatedAt: { } rotatedAt })
        {
            return;
        }

        var stamp = new Claim(ClientSecretStamps.ClaimType, ClientSecretStamps.Format(rotatedAt), ClaimValueTypes.Integer64);
        stamp.SetDestinations(Destinations.AccessToken);
        identity.AddClaim(stamp);
    }
}
