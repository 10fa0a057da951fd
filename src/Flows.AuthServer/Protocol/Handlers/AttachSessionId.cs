using Microsoft.AspNetCore;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Logout;
using Flows.AuthServer.Sessions;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Puts the browser session's id into what the authorization endpoint issues, as the <c>sid</c> claim of its ID tokens
/// (Front-Channel Logout 1.0 §3, Back-Channel Logout 1.0 §2.1), and records the application as taking part in that
/// session, so that sign-off notifies it. Codes and refresh tokens carry the claim on, so every later ID token has it.
/// </summary>
public sealed class AttachSessionId(SessionService sessions, SessionParticipants participants, EnvironmentContext environments)
    : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseScopedHandler<AttachSessionId>()
            .SetOrder(OpenIddictServerHandlers.ValidateSignInDemand.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType != OpenIddictServerEndpointType.Authorization
            || context.Principal?.GetClaim(Claims.Subject) is not { } subject
            || context.Transaction.GetHttpRequest()?.HttpContext is not { } http)
        {
            return;
        }

        var cancellationToken = http.RequestAborted;
        var session = await sessions.FindAsync(environments.Required.Id, SessionCookie.Read(http), cancellationToken);

        // Only the session that signed this user in is theirs: nothing else may be ended on their behalf.
        if (session is not { IsAuthenticated: true } || session.UserId != subject)
        {
            return;
        }

        context.Principal.SetClaim(LogoutTokens.SessionIdClaim, session.Id)
            .SetDestinations(context.Principal.GetDestinations().SetItem(LogoutTokens.SessionIdClaim, [Destinations.IdentityToken]));
        await participants.RecordAsync(session, context.Request.ClientId!, subject, cancellationToken);
    }
}
