using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Exchange;

/// <summary>
/// Answers a token exchange (RFC 8693 §2.2.1) with an access token for the subject token's user: the scopes asked for
/// (already checked to be the subject's), else those of the subject's the client may use; the user's claims those
/// scopes release; and who acts for the user (<see cref="ActorClaim"/>). Never a refresh token: the exchange is repeated
/// with a fresh subject token instead.
/// </summary>
public sealed class IssueExchangedPrincipal(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .AddFilter<RequireTokenExchange>()
            .UseScopedHandler<IssueExchangedPrincipal>()
            // Replaces what AttachPrincipal copied from the subject token, which keeps its claims but not its scopes.
            .SetOrder(OpenIddictServerHandlers.Exchange.AttachPrincipal.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        var subject = context.SubjectTokenPrincipal!;
        var scopes = await ScopesAsync(context, subject);

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject.GetClaim(Claims.Subject));
        if (scopes.Contains(Scopes.Profile))
        {
            identity.SetClaim(Claims.Name, subject.GetClaim(Claims.Name));
            identity.SetClaim(Claims.PreferredUsername, subject.GetClaim(Claims.PreferredUsername));
        }

        if (scopes.Contains(Scopes.Email))
        {
            identity.SetClaim(Claims.Email, subject.GetClaim(Claims.Email));
        }

        if (ActorClaim.Of(subject, context.ActorTokenPrincipal) is { } actor)
        {
            identity.SetClaim(ActorClaim.Type, actor);
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        context.Principal = new ClaimsPrincipal(identity);
    }

    private async Task<List<string>> ScopesAsync(HandleTokenRequestContext context, ClaimsPrincipal subject)
    {
        var requested = context.Request.GetScopes();
        if (!requested.IsEmpty)
        {
            return requested.Where(scope => scope != Scopes.OfflineAccess).ToList();
        }

        var application = await applications.FindByClientIdAsync(context.ClientId!) ?? throw new InvalidOperationException("The client is gone.");
        var scopes = new List<string>();
        foreach (var scope in subject.GetScopes().Where(scope => scope != Scopes.OfflineAccess))
        {
            // openid needs no permission (OpenIddict always allows it).
            if (scope == Scopes.OpenId || await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope))
            {
                scopes.Add(scope);
            }
        }

        return scopes;
    }
}
