using Microsoft.AspNetCore;
using Flows.AuthServer.Addressing;
using Flows.AuthServer.Data;
using Flows.AuthServer.Logout;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
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
/// the user confirms with a form (§2, §3); a hint of someone else than the session's user is refused. Ending the session
/// notifies its applications: by back-channel in the background, and by front-channel in the page's iframes before it
/// returns to the application.
/// </summary>
public static class SignoffEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http, EnvironmentContext environments, SessionService sessions, SessionLogout logout, IAntiforgery antiforgery,
        IOptions<LogoutOptions> options)
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

            var frames = await EndAsync(http, environment, session, logout);
            if (string.IsNullOrEmpty(request.PostLogoutRedirectUri))
            {
                return SignedOut(http, environment, frames, options.Value);
            }

            return frames.Count == 0
                ? Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme])
                : FrontchannelLogoutPage.Render(http, environment.Name, frames, ReturnAddress(request), options.Value.FrontchannelTimeout);
        }

        if (!await IsConfirmationAsync(http))
        {
            return SignoffConfirmationPage.Render(http, environment.Name, antiforgery.GetAndStoreTokens(http));
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refuse(environment, ErrorCatalog.SignoffFormNotAccepted);
        }

        return SignedOut(http, environment, await EndAsync(http, environment, session, logout), options.Value);
    }

    private static async Task<bool> IsConfirmationAsync(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType
        && (await http.Request.ReadFormAsync(http.RequestAborted))[SignoffConfirmationPage.ConfirmField] == SignoffConfirmationPage.ConfirmValue;

    /// <summary>Ends the session and expires its cookie; returns the front-channel pages of its applications.</summary>
    private static async Task<IReadOnlyList<FrontchannelLogout>> EndAsync(
        HttpContext http, EnvironmentRecord environment, SessionRecord? session, SessionLogout logout)
    {
        SessionCookie.Expire(http, environment.Id);
        if (session is null)
        {
            return [];
        }

        // The issuer as this browser's applications know it (discovery answers it from the same public address).
        var issuer = PublicAddress.Of(http.Request).Url($"/{environment.Id}/as");
        return await logout.EndAsync(session, issuer, http.RequestAborted);
    }

    /// <summary>
    /// The post_logout_redirect_uri with the state, as OpenIddict would answer it (RP-Initiated Logout 1.0 §3); OpenIddict
    /// has already checked that the address is registered, exactly.
    /// </summary>
    private static string ReturnAddress(OpenIddictRequest request) =>
        string.IsNullOrEmpty(request.State)
            ? request.PostLogoutRedirectUri!
            : QueryHelpers.AddQueryString(request.PostLogoutRedirectUri!, OpenIddictConstants.Parameters.State, request.State);

    private static IResult SignedOut(HttpContext http, EnvironmentRecord environment, IReadOnlyList<FrontchannelLogout> frames, LogoutOptions options) =>
        frames.Count == 0
            ? MessagePage.Render(environment.Name, "You are signed out", "You can close this window.", StatusCodes.Status200OK)
            : FrontchannelLogoutPage.Render(http, environment.Name, frames, continueTo: null, options.FrontchannelTimeout);

    private static IResult Refuse(EnvironmentRecord environment, ErrorEntry refusal) =>
        MessagePage.Render(environment.Name, HostedPageProblem.Of(refusal));
}
