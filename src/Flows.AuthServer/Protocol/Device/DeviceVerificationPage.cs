using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.SignOn;
using Flows.Engine.Runtime;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol.Device;

/// <summary>
/// The device verification page <c>/{env}/device</c> (RFC 8628 §3.3): starts its flow for the browser's session (a new
/// one when it has none) and shows it on the hosted sign-on page; <c>?user_code=</c> (verification_uri_complete) only
/// prefills the code, which the user still confirms (§5.4). Also the pages the user lands on once the device is answered.
/// </summary>
public static class DeviceVerificationPage
{
    public const string Allowed = "allowed";
    public const string Denied = "denied";

    // OpenIddict's user codes are 12 digits, shown with dashes; a longer hint is not a code.
    private const int MaxHintLength = 64;

    public static IEndpointRouteBuilder MapDeviceVerification(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{env}/device", StartAsync);
        endpoints.MapGet($"/{{env}}/device/{Allowed}", (EnvironmentContext environments) => Answered(environments, allowed: true));
        endpoints.MapGet($"/{{env}}/device/{Denied}", (EnvironmentContext environments) => Answered(environments, allowed: false));
        endpoints.MapGet(DeviceAuthorization.ResumePath, DeviceVerificationEndpoint.HandleAsync);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(
        HttpContext http, EnvironmentContext environments, SessionService sessions, DeviceVerificationFlows flows)
    {
        if (environments.Current is not { } environment)
        {
            return MessagePage.Render("Flows", SignOnProblems.UnknownEnvironment);
        }

        var cancellationToken = http.RequestAborted;
        var session = await sessions.FindAsync(environment.Id, SessionCookie.Read(http), cancellationToken);
        if (session is null)
        {
            (session, var token) = await sessions.StartAsync(environment.Id, cancellationToken);
            SessionCookie.Write(http, environment.Id, token, session.ExpiresAt);
        }

        var hint = http.Request.Query[Parameters.UserCode].ToString();
        try
        {
            var flow = await flows.StartAsync(environment.Id, session, hint.Length <= MaxHintLength ? hint : null, cancellationToken);
            return Results.Redirect(FlowUrls.Local(http.Request, FlowUrls.SignOn(environment.Id, flow.Id)));
        }
        catch (FlowException exception)
        {
            return MessagePage.Render(environment.Name, SignOnProblems.For(exception, http));
        }
    }

    private static IResult Answered(EnvironmentContext environments, bool allowed)
    {
        if (environments.Current is not { } environment)
        {
            return MessagePage.Render("Flows", SignOnProblems.UnknownEnvironment);
        }

        return allowed
            ? MessagePage.Render(environment.Name, "Your device is connected", "You can close this page and continue on your device.", StatusCodes.Status200OK)
            : MessagePage.Render(environment.Name, "Access denied", "Your device was not allowed access. You can close this page.", StatusCodes.Status200OK);
    }
}
