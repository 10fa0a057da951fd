using Microsoft.AspNetCore;
using Flows.AuthServer.Environments;
using Microsoft.AspNetCore.Authentication;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.SignOn;
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
        if (http.GetOpenIddictServerResponse() is { Error: { } error } response)
        {
            return MessagePage.Render(environment.Name, "This sign-out request is not valid", response.ErrorDescription ?? error, StatusCodes.Status400BadRequest);
        }

        if (await sessions.FindAsync(environment.Id, SessionCookie.Read(http), http.RequestAborted) is { } session)
        {
            await sessions.EndAsync(session, http.RequestAborted);
        }

        SessionCookie.Expire(http, environment.Id);
        var request = http.GetOpenIddictServerRequest()!;
        var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (!string.IsNullOrEmpty(request.PostLogoutRedirectUri) && hint.Succeeded)
        {
            return Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        return MessagePage.Render(environment.Name, "You are signed out", "You can close this window.", StatusCodes.Status200OK);
    }
}
