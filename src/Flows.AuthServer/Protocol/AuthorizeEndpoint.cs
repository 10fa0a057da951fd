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
/// the user is: the session's user when the session already completed the application's flow (SSO), else a
/// new run of that flow — for the session's user when there is one (step-up), so the flow decides again.
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
        if (ResumedFlow.Find(http) is { } resumed)
        {
            return await SignInAsync(resumed.State.UserId, resumed.State.Amr, resumed.State.Acr, resumed.State.AuthenticatedAt, request, environment, users, cancellationToken)
                ?? LoginRequired("The user of this sign-in can no longer sign in.");
        }

        var application = (FlowsApplication)(await applications.FindByClientIdAsync(request.ClientId!, cancellationToken))!;
        FlowReference flow;
        try
        {
            flow = await flows.ResolveAsync(environment, application, cancellationToken);
        }
        catch (FlowException)
        {
            return FlowUnavailable();
        }

        var now = clock.GetUtcNow();
        var session = await sessions.FindAsync(environment.Id, SessionCookie.Read(http), cancellationToken);
        if (SessionReuse.ProofFor(session, flow, request, now) is { } proof
            && await SignInAsync(session!.UserId, proof.Amr, proof.Acr, proof.AuthenticatedAt, request, environment, users, cancellationToken) is { } signIn)
        {
            return signIn;
        }

        // OIDC Core §3.1.2.1: a session that does not satisfy this application's flow cannot answer silently.
        if (request.HasPromptValue(PromptValues.None))
        {
            return LoginRequired("The user must sign in.");
        }

        if (session is null)
        {
            (session, var token) = await sessions.StartAsync(environment.Id, cancellationToken);
            SessionCookie.Write(http, environment.Id, token, session.ExpiresAt);
        }

        SignOnResult started;
        try
        {
            var user = await SessionUserAsync(session, request, now, environment, users, cancellationToken);
            started = await flows.StartAsync(environment, application, flow, session, user, request, cancellationToken);
        }
        catch (FlowException)
        {
            return FlowUnavailable();
        }

        // A flow that completes at once (e.g. a step-up the session already satisfies) signs the session in here.
        SessionCookie.Write(http, environment.Id, started.Renewed);
        return Results.Redirect(FlowUrls.Local(http.Request, started.Flow.Status == FlowInstanceStatus.Completed
            ? FlowUrls.Resume(environment.Id, started.Flow.Id)
            : FlowUrls.SignOn(environment.Id, started.Flow.Id)));
    }

    /// <summary>The session's user, for a flow that must run for them (step-up); null when it starts without a user.</summary>
    private static async Task<SessionUser?> SessionUserAsync(
        SessionRecord session, OpenIddictRequest request, DateTimeOffset now, EnvironmentRecord environment, IUserDirectory users,
        CancellationToken cancellationToken) =>
        SessionReuse.ProvenFor(session, request, now) is { } proven
        && await users.FindByIdAsync(environment.Id, proven.UserId, cancellationToken) is { Enabled: true } user
            ? new SessionUser(user.Username, proven)
            : null;

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

    // The application's flow is missing or broken: the client learns that sign-in is unavailable.
    private static IResult FlowUnavailable() => Reject(Errors.ServerError, "The sign-in flow of this application is not available.");

    private static IResult Reject(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
