using Microsoft.AspNetCore;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Failures;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.SignOn;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// The end-session endpoint (OpenID RP-Initiated Logout 1.0). With a valid id_token_hint of the session's user it
/// ends the session and, to a registered post_logout_redirect_uri (both checked by OpenIddict), returns to the
/// application at once. Without a hint any site could send the browser here, so the session ends only once
/// the user confirms with a form (§2, §3); a hint of someone else than the session's user is refused.
/// </summary>
public static class SignoffEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, EnvironmentContext environments, SessionService sessions, IAntiforgery antiforgery)
    {
        var environment = environments.Required;
        var request = http.GetOpenIddictServerRequest()!;
        var session = await sessions.FindAsync(environment.Id, SessionCookie.Read(http), http.RequestAborted);
        if (!string.IsNullOrEmpty(request.IdTokenHint))
        {
            var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (!hint.Succeeded || hint.Principal?.FindFirst(OpenIddictConstants.Claims.Subject)?.Value is not { } subject)
            {
                // A hint that does not verify is not from this environment's applications: change nothing.
                return Refuse(environment, ErrorCatalog.SignoffHintNotIssued);
            }

            if (session?.UserId is { } user && user != subject)
            {
                // An application of another user's sign-in cannot end this browser's session (§2: the OP checks the hint).
                return Refuse(environment, ErrorCatalog.SignoffForAnotherUser);
            }

            await EndAsync(http, environment, session, sessions);
            return string.IsNullOrEmpty(request.PostLogoutRedirectUri)
                ? SignedOut(environment)
                : Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        if (!await IsConfirmationAsync(http))
        {
            return SignoffConfirmationPage.Render(http, environment.Name, antiforgery.GetAndStoreTokens(http));
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refuse(environment, ErrorCatalog.SignoffFormNotAccepted);
        }

        await EndAsync(http, environment, session, sessions);
        return SignedOut(environment);
    }

    private static async Task<bool> IsConfirmationAsync(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
        && (await http.Request.ReadFormAsync(http.RequestAborted))[SignoffConfirmationPage.ConfirmField] == SignoffConfirmationPage.ConfirmValue;

    private static async Task EndAsync(HttpContext http, EnvironmentRecord environment, SessionRecord? session, SessionService sessions)
    {
        if (session is not null)
        {
            await sessions.EndAsync(session, http.RequestAborted);
        }

        SessionCookie.Expire(http, environment.Id);
    }

    private static IResult SignedOut(EnvironmentRecord environment) =>
        MessagePage.Render(environment.Name, "You are signed out", "You can close this window.", StatusCodes.Status200OK);

    private static IResult Refuse(EnvironmentRecord environment, ErrorEntry refusal) =>
        MessagePage.Render(environment.Name, HostedPageProblem.Of(refusal));
}
