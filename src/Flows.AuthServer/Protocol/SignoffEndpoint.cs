using Microsoft.AspNetCore;
using Flows.AuthServer.Environments;
using Microsoft.AspNetCore.Authentication;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.SignOn;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// The end-session endpoint: ends the browser's session and expires ST. With a valid id_token_hint and a
/// registered post_logout_redirect_uri (both checked by OpenIddict) it returns to the application at once.
/// </summary>
public static class SignoffEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, EnvironmentContext environments, SessionService sessions)
    {
        var environment = environments.Required;
        var request = http.GetOpenIddictServerRequest()!;
        var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var hinted = hint.Succeeded && hint.Principal?.FindFirst(OpenIddictConstants.Claims.Subject) is not null;
        if (!string.IsNullOrEmpty(request.IdTokenHint) && !hinted)
        {
            // A hint that does not verify is not from this environment's applications: change nothing.
            return MessagePage.Render(environment.Name, "This sign-out request is not valid",
                "The sign-out request came with a token this server did not issue.", StatusCodes.Status400BadRequest);
        }

        if (await sessions.FindAsync(environment.Id, SessionCookie.Read(http), http.RequestAborted) is { } session)
        {
            await sessions.EndAsync(session, http.RequestAborted);
        }

        SessionCookie.Expire(http, environment.Id);
        if (!string.IsNullOrEmpty(request.PostLogoutRedirectUri) && hinted)
        {
            return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        return MessagePage.Render(environment.Name, "You are signed out", "You can close this window.", StatusCodes.Status200OK);
    }
}
