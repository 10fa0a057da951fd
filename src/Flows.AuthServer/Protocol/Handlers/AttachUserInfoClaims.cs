using Flows.Activities.Users;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Answers userinfo from the user directory rather than the token, so the claims are current, and refuses
/// tokens of users who were disabled or removed since the token was issued.
/// </summary>
public sealed class AttachUserInfoClaims(IUserDirectory users, EnvironmentContext environments)
    : IOpenIddictServerHandler<HandleUserInfoRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleUserInfoRequestContext>()
            .UseScopedHandler<AttachUserInfoClaims>()
            .SetOrder(OpenIddictServerHandlers.UserInfo.AttachClaims.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleUserInfoRequestContext context)
    {
        var principal = context.AccessTokenPrincipal!;
        var user = principal.GetClaim(Claims.Subject) is { } subject
            ? await users.FindByIdAsync(environments.Required.Id, subject, CancellationToken.None)
            : null;
        if (user is not { Enabled: true })
        {
            context.Reject(Errors.InvalidToken, "The user of this token can no longer sign in.");
            return;
        }

        if (principal.HasScope(Scopes.Profile))
        {
            context.Claims[Claims.Name] = user.Name;
            context.PreferredUsername = user.Username;
        }

        if (principal.HasScope(Scopes.Email))
        {
            context.Email = user.Email;
        }
    }
}
