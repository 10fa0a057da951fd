using Flows.Activities.Users;
using Flows.AuthServer.Environments;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Exchange;

/// <summary>
/// Refuses a token exchange whose subject token does not stand for a user of this environment who can still sign in.
/// OpenIddict has checked the token itself (signature, issuer, expiry, not revoked, the client among its audiences or
/// presenters); a client's own token or a disabled user's is no subject to act for (RFC 8693 §2.2.2: invalid_grant).
/// </summary>
public sealed class ValidateExchangedSubject(IUserDirectory users, EnvironmentContext environments)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .AddFilter<RequireTokenExchange>()
            .UseScopedHandler<ValidateExchangedSubject>()
            // After every built-in check, the grant type permission first among them.
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateGrantedScopes.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var subject = context.SubjectTokenPrincipal?.GetClaim(Claims.Subject);
        var user = subject is null ? null : await users.FindByIdAsync(environments.Required.Id, subject, CancellationToken.None);
        if (user is not { Enabled: true })
        {
            context.Reject(Errors.InvalidGrant, TokenExchangeErrors.NoUser);
        }
    }
}
