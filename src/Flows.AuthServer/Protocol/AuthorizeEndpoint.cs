using Microsoft.AspNetCore;
using Flows.Activities;
using Flows.Activities.Users;
using Flows.AuthServer.Data;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Protocol.Acr;
using Flows.AuthServer.Protocol.Consent;
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
/// new run of that flow — for the session's user when there is one (step-up), so the flow decides again. The flow is the
/// one the requested acr maps to, when the application maps it; a third-party application's user consents first.
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
        AuthorizationConsent consent,
        TimeProvider clock)
    {
        var environment = environments.Required;
        var request = http.GetOpenIddictServerRequest()!;
        var cancellationToken = http.RequestAborted;
        var application = (FlowsApplication)(await applications.FindByClientIdAsync(request.ClientId!, cancellationToken))!;
        if (ResumedFlow.Find(http) is { } resumed)
        {
            var decision = ConsentRequest.DecisionOf(resumed.State);

            // RFC 6749 §4.1.2.1: the user refused the application what it asked for.
            if (decision == ConsentDecisions.Denied)
            {
                return Reject(Errors.AccessDenied, "The user did not allow the application access.");
            }

            var granting = new Granting(application, consent, decision == ConsentDecisions.Granted);
            return await SignInAsync(resumed.State.UserId, resumed.State.Amr, FlowAcr.Of(resumed), resumed.State.AuthenticatedAt, request, environment, users, granting, cancellationToken)
                ?? LoginRequired("The user of this sign-in can no longer sign in.");
        }

        var now = clock.GetUtcNow();
        var session = await sessions.FindAsync(environment.Id, SessionCookie.Read(http), cancellationToken);
        FlowReference flow;
        try
        {
            flow = await AcrFlowChoice.ResolveAsync(
                flows, environment, application, request, session is { IsAuthenticated: true } ? session.UserId : null, cancellationToken);
        }
        catch (FlowException)
        {
            return FlowUnavailable();
        }

        if (SessionReuse.ProofFor(session, flow, request, now) is { } proof)
        {
            if (!await consent.AnswersSilentlyAsync(application, session!.UserId!, request, cancellationToken))
            {
                // OIDC Core §3.1.2.6: signed in, but the user must be asked to consent, which prompt=none forbids.
                if (request.HasPromptValue(PromptValues.None))
                {
                    return Reject(Errors.ConsentRequired, "The user must consent to what this application asks for.");
                }
            }
            else if (await SignInAsync(session.UserId, proof.Amr, flow.Acr ?? proof.Acr, proof.AuthenticatedAt, request, environment, users,
                         new Granting(application, consent, Granted: false), cancellationToken) is { } signIn)
            {
                return signIn;
            }
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
            started = await flows.StartAsync(environment, application, flow, session, user, request, cancellationToken,
                AuthorizationConsent.RequestFor(application, request), UserLanguages.Of(request, http.Request));
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
        OpenIddictRequest request, EnvironmentRecord environment, IUserDirectory users, Granting granting, CancellationToken cancellationToken)
    {
        if (userId is null || authenticatedAt is null
            || await users.FindByIdAsync(environment.Id, userId, cancellationToken) is not { Enabled: true } user)
        {
            return null;
        }

        var principal = UserPrincipalFactory.Create(user, amr, acr, authenticatedAt.Value, request.GetScopes());
        await granting.Consent.AttachAsync(principal, granting.Application, user.Id, granting.Granted, cancellationToken);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The application a sign-in answers, and whether its user just consented to it.</summary>
    private sealed record Granting(FlowsApplication Application, AuthorizationConsent Consent, bool Granted);

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
