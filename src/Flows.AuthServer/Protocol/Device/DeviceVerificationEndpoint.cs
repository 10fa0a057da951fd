using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.SignOn;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol.Device;

/// <summary>
/// OpenIddict's end-user verification endpoint, reached only as the resume of a completed verification flow
/// (<see cref="Handlers.RestoreVerifiedDeviceRequest"/>): OpenIddict has validated the flow's user code; this answers
/// the device's request with the flow's user and the scopes the device asked for, or refuses it when the user denied
/// (RFC 8628 §3.5: the device's next poll gets tokens, or access_denied).
/// </summary>
public static class DeviceVerificationEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, EnvironmentContext environments, IUserDirectory users)
    {
        var environment = environments.Required;
        if (http.GetOpenIddictServerResponse() is { Error: { } error } response)
        {
            return MessagePage.Render(environment.Name, "This request cannot be completed",
                $"{response.ErrorDescription} (error: {error})".TrimStart(), http.Response.StatusCode);
        }

        var authenticated = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (ResumedFlow.Find(http) is not { } flow
            || authenticated.Principal is not { } userCode
            || userCode.GetClaim(Claims.ClientId) != DeviceAuthorizationRequest.Of(flow.State)?.ClientId)
        {
            return MessagePage.Render(environment.Name, "This request cannot be completed",
                "This device sign-in cannot be completed. Start again on your device.", StatusCodes.Status400BadRequest);
        }

        if (ConsentRequest.DecisionOf(flow.State) == ConsentDecisions.Granted
            && flow.State is { UserId: { } userId, AuthenticatedAt: { } authenticatedAt }
            && await users.FindByIdAsync(environment.Id, userId, http.RequestAborted) is { Enabled: true } user)
        {
            var principal = UserPrincipalFactory.Create(user, flow.State.Amr, FlowAcr.Of(flow), authenticatedAt, userCode.GetScopes());
            return Results.SignIn(principal, Answered(http, environment.Id, allowed: true), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        // Refused (or the account is gone): OpenIddict marks the device code rejected, so the device stops polling.
        return Results.Forbid(Answered(http, environment.Id, allowed: false), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static AuthenticationProperties Answered(HttpContext http, string environmentId, bool allowed) =>
        new() { RedirectUri = FlowUrls.Local(http.Request, DeviceAuthorization.AnsweredPath(environmentId, allowed)) };
}
