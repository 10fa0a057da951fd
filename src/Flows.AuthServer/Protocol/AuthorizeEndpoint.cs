using Microsoft.AspNetCore;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.SignOn;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Flows.AuthServer.Protocol;

/// <summary>
/// The authorization endpoint (and its resume twin). OpenIddict has validated the request; this decides who
/// the user is: the session's user when it may be reused (SSO), else a new run of the application's flow.
/// </summary>
public static class AuthorizeEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http,
        EnvironmentContext environments,
        SessionService sessions,
        SignOnFlows flows,
        IUserDirectory users,
        IOpenIddictApplicationManager applications,
        TimeProvider clock)
    {
        var environment = environments.Required;
        var request = http.GetOpenIddictServerRequest()!;
        var cancellationToken = http.RequestAborted;
        if (ResumedFlow.Find(http) is { } flow)
        {
            return await SignInAsync(flow.State.UserId, flow.State.Amr, flow.State.Acr, flow.State.AuthenticatedAt, request, environment, users, cancellationToken)
                ?? LoginRequired("The user of this sign-in can no longer sign in.");
        }

        var session = await sessions.FindAsync(environment.Id, SessionCookie.Read(http), cancellationToken);
        if (session is { IsAuthenticated: true } && MayReuse(session, request, clock.GetUtcNow())
            && await SignInAsync(session.UserId, session.Amr, session.Acr, session.AuthenticatedAt, request, environment, users, cancellationToken) is { } signIn)
        {
            return signIn;
        }

        if (request.HasPromptValue(PromptValues.None))
        {
            return LoginRequired("The user must sign in.");
        }

        if (session is null)
        {
            (session, var token) = await sessions.StartAsync(environment.Id, cancellationToken);
            SessionCookie.Write(http, environment.Id, token, session.ExpiresAt);
        }

        var application = (FlowsApplication)(await applications.FindByClientIdAsync(request.ClientId!, cancellationToken))!;
        FlowInstance instance;
        try
        {
            instance = await flows.StartAsync(environment, application, session, request, cancellationToken);
        }
        catch (FlowException)
        {
            // The application's flow is missing or broken: the client learns that sign-in is unavailable.
            return Reject(Errors.ServerError, "The sign-in flow of this application is not available.");
        }

        return Results.Redirect(instance.Status == FlowInstanceStatus.Completed
            ? FlowUrls.Resume(environment.Id, instance.Id)
            : FlowUrls.SignOn(environment.Id, instance.Id));
    }

    /// <summary>SSO unless the client asks for a fresh sign-in (prompt=login) or one more recent than max_age.</summary>
    private static bool MayReuse(SessionRecord session, OpenIddictRequest request, DateTimeOffset now) =>
        !request.HasPromptValue(PromptValues.Login)
        && (request.MaxAge is not { } maxAge || now - session.AuthenticatedAt!.Value <= TimeSpan.FromSeconds(maxAge));

    private static async Task<IResult?> SignInAsync(
        string? userId, IReadOnlyList<string> amr, string? acr, DateTimeOffset? authenticatedAt,
        OpenIddictRequest request, EnvironmentRecord environment, IUserDirectory users, CancellationToken cancellationToken)
    {
        if (userId is null || authenticatedAt is null
            || await users.FindByIdAsync(environment.Id, userId, cancellationToken) is not { Enabled: true } user)
        {
            return null;
        }

        var principal = UserPrincipalFactory.Create(user, amr, acr, authenticatedAt.Value, request.GetScopes());
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult LoginRequired(string description) => Reject(Errors.LoginRequired, description);

    private static IResult Reject(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
