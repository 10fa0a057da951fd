using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Failures;
using Flows.AuthServer.FlowDefinitions;
using Flows.AuthServer.RateLimiting;
using Flows.AuthServer.Sessions;
using Flows.AuthServer.Telemetry;
using Flows.Engine.Activities;
using Flows.Engine.Definitions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Flows;

/// <summary>
/// The one flow service behind both front doors (the JSON flow API and the hosted sign-on pages): starts a
/// flow for an authorization request, and lets only the session that owns a flow see it or act on it.
/// A completed flow authenticates its session, which gets a new token; its flows move with it.
/// </summary>
public sealed class SignOnFlows(
    FlowRunner runner,
    IFlowInstanceStore instances,
    SessionService sessions,
    FlowDefaultVersions defaultVersions,
    UsernameRateLimiter usernameLimits,
    UserCodeRateLimiter userCodeLimits,
    TimeProvider clock)
{
    /// <summary>
    /// The flow version the application's sign-ins run: its pinned version, else the version administrators made
    /// the flow's default (memory, no query on most sign-ins) or, for a share of sign-ins, the version being rolled
    /// out, else the latest published. <paramref name="userId"/> is the user the sign-in is known to be for, if any.
    /// </summary>
    public async Task<FlowReference> ResolveAsync(
        EnvironmentRecord environment, FlowsApplication application, CancellationToken cancellationToken, string? userId = null)
    {
        var flowId = application.FlowId ?? environment.DefaultFlowId;
        var version = application.FlowVersion ?? await CurrentVersionAsync(environment.Id, flowId, userId, cancellationToken);
        return new FlowReference(flowId, version);
    }

    /// <summary>
    /// The flow version a sign-in runs that asked for <paramref name="acr"/>, which its application maps to
    /// <paramref name="flowId"/>: that flow's current version (an application's pinned version is of its own flow).
    /// </summary>
    public async Task<FlowReference> ResolveForAcrAsync(
        EnvironmentRecord environment, string flowId, string acr, CancellationToken cancellationToken, string? userId = null) =>
        new(flowId, await CurrentVersionAsync(environment.Id, flowId, userId, cancellationToken), acr);

    private async Task<int> CurrentVersionAsync(string environmentId, string flowId, string? userId, CancellationToken cancellationToken)
    {
        var choice = await defaultVersions.FindAsync(environmentId, flowId, cancellationToken);
        if (choice.Rollout is { } rollout && rollout.Takes(environmentId, flowId, userId))
        {
            return rollout.Version;
        }

        return choice.StartVersion ?? throw new FlowDefinitionNotFoundException(flowId, version: null);
    }

    /// <summary>
    /// Starts <paramref name="flow"/> for the request, owned by the session; with <paramref name="user"/> (a step-up)
    /// the flow starts with the session's user identified and knows what the session proved of them.
    /// </summary>
    public async Task<SignOnResult> StartAsync(
        EnvironmentRecord environment,
        FlowsApplication application,
        FlowReference flow,
        SessionRecord session,
        SessionUser? user,
        OpenIddictRequest request,
        CancellationToken cancellationToken,
        ConsentRequest? consent = null,
        IReadOnlyList<string>? languages = null)
    {
        var variables = new Dictionary<string, JsonElement>();
        if (languages is { Count: > 0 })
        {
            variables[FlowVariables.UiLocales] = JsonSerializer.SerializeToElement(languages);
        }

        if (flow.Acr is not null)
        {
            variables[FlowVariables.Acr] = JsonSerializer.SerializeToElement(flow.Acr);
        }

        if (consent is not null)
        {
            variables[FlowVariables.Consent] = consent.ToVariable();
        }

        var loginHint = user?.Username ?? request.LoginHint;
        if (!string.IsNullOrWhiteSpace(loginHint))
        {
            variables[FlowVariables.LoginHint] = JsonSerializer.SerializeToElement(loginHint.Trim());
        }

        if (user is not null)
        {
            variables[FlowVariables.Session] = user.Proven.ToVariable();
        }

        var instance = await runner.StartAsync(new FlowStartRequest(environment.Id, flow.Id)
        {
            Version = flow.Version,
            ApplicationId = application.ClientId,
            SessionTokenHash = session.TokenHash,
            Request = StoredAuthorizationRequest.Serialize(request),
            UserId = user?.Proven.UserId,
            Username = user?.Username,
            Variables = variables,
        }, cancellationToken);
        FlowsMetrics.SignInEnded(instance);

        return new SignOnResult(instance, await AuthenticateSessionIfCompletedAsync(instance, session, cancellationToken));
    }

    /// <summary>The flow, if it is of this environment and owned by the session token; expired flows are reported as such.</summary>
    public async Task<FlowInstance> FindAsync(string environmentId, string flowId, string? sessionToken, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(flowId, cancellationToken);
        if (instance is null || instance.EnvironmentId != environmentId)
        {
            throw new FlowNotFoundException(flowId);
        }

        if (!OwnedBy(instance, sessionToken))
        {
            throw new FlowAccessDeniedException(flowId);
        }

        if (instance.Status == FlowInstanceStatus.Expired
            || (instance.Status == FlowInstanceStatus.Suspended && clock.GetUtcNow() >= instance.ExpiresAt))
        {
            throw new FlowExpiredException(flowId);
        }

        return instance;
    }

    /// <summary>
    /// Runs one user action on the flow; a failed check leaves the flow at its step with an error. An action for a
    /// username that made too many lately is refused before it runs (<see cref="FlowRateLimitedException"/>), and so is a
    /// device user code from a <paramref name="clientAddress"/> that typed too many wrong ones.
    /// </summary>
    public async Task<SignOnResult> ActAsync(
        string environmentId, string flowId, string? sessionToken, FlowAction action, CancellationToken cancellationToken,
        string? clientAddress = null)
    {
        var current = await FindAsync(environmentId, flowId, sessionToken, cancellationToken);
        if (action.Name == FlowActions.Authenticate)
        {
            // Only the identity provider's callback says who the provider authenticated (ReturnFromProviderAsync).
            throw new FlowActionNotAllowedException(action.Name, [.. (current.Prompt?.Actions ?? []).Where(name => name != FlowActions.Authenticate)]);
        }

        if (action.Name == FlowActions.ExternalContinue)
        {
            // Only the continue endpoint runs it, once it has checked the outside application's signed answer.
            throw new FlowActionNotAllowedException(action.Name, current.Prompt?.Actions.Where(name => name != action.Name).ToList() ?? []);
        }

        CountForUsername(current, action);
        var userCode = action.Name == FlowActions.DeviceUserCodeVerify && clientAddress is not null;
        if (userCode && userCodeLimits.RetryAfter(environmentId, clientAddress!) is { } retryAfter)
        {
            throw new FlowRateLimitedException(flowId, retryAfter);
        }

        var result = await RunAsync(environmentId, current, sessionToken, action, cancellationToken);
        if (userCode && result.Flow.Prompt?.Error?.Code is FlowErrorCodes.InvalidUserCode or FlowErrorCodes.ExpiredUserCode)
        {
            userCodeLimits.CountWrongCode(environmentId, clientAddress!);
        }

        return result;
    }

    /// <summary>
    /// Continues a flow that waits on an outside application with that application's answer, which the caller has
    /// verified (signature, expiry, flow, nonce, single use) for the session that owns the flow.
    /// </summary>
    public Task<SignOnResult> ContinueAsync(
        string environmentId, string flowId, string? sessionToken, FlowAction answer, CancellationToken cancellationToken) =>
        RunAsync(environmentId, flowId, sessionToken, answer, cancellationToken);

    private Task<SignOnResult> RunAsync(
        string environmentId, string flowId, string? sessionToken, FlowAction action, CancellationToken cancellationToken) =>
        RunAsync(environmentId, action.Name == FlowActions.SessionReset
            ? runner.RestartAsync(flowId, cancellationToken)
            : runner.ResumeAsync(flowId, action, cancellationToken), sessionToken, cancellationToken);

    // The flow as this request just read and checked it: resumed without a second read (saved against its revision).
    private Task<SignOnResult> RunAsync(
        string environmentId, FlowInstance current, string? sessionToken, FlowAction action, CancellationToken cancellationToken) =>
        RunAsync(environmentId, action.Name == FlowActions.SessionReset
            ? runner.RestartAsync(current.Id, cancellationToken)
            : runner.ResumeAsync(current, action, cancellationToken), sessionToken, cancellationToken);

    private async Task<SignOnResult> RunAsync(
        string environmentId, Task<FlowInstance> running, string? sessionToken, CancellationToken cancellationToken)
    {
        var instance = await running;
        FlowsMetrics.SignInEnded(instance);
        var renewed = instance.Status == FlowInstanceStatus.Completed
            && await sessions.FindAsync(environmentId, sessionToken, cancellationToken) is { } session
                ? await AuthenticateSessionIfCompletedAsync(instance, session, cancellationToken)
                : null;
        return new SignOnResult(instance, renewed);
    }

    /// <summary>
    /// Continues the flow of the session that waits on the identity provider <paramref name="providerId"/> with what the
    /// provider answered at its callback. A flow of another session, or one no longer waiting on that provider, is refused
    /// (<see cref="FlowNotResumableException"/>): a callback is taken once.
    /// </summary>
    public async Task<SignOnResult> ReturnFromProviderAsync(
        string environmentId, string flowId, string? sessionToken, string providerId, JsonElement answer, CancellationToken cancellationToken)
    {
        var current = await FindAsync(environmentId, flowId, sessionToken, cancellationToken);
        if (current is not { Status: FlowInstanceStatus.Suspended, Prompt: { Status: FlowStatuses.ExternalAuthenticationRequired } prompt }
            || WaitedProvider(prompt) != providerId)
        {
            throw new FlowNotResumableException(flowId, FlowResourceStatus(current));
        }

        return await RunAsync(environmentId, current, sessionToken, new FlowAction(FlowActions.Authenticate, answer), cancellationToken);
    }

    /// <summary>The provider a flow waiting at <see cref="FlowStatuses.ExternalAuthenticationRequired"/> sends the browser to.</summary>
    public static string? WaitedProvider(FlowPrompt prompt) =>
        prompt.Data?[ExternalAuthenticationFields.Provider]?[ExternalAuthenticationFields.Id]?.GetValue<string>();

    private static string FlowResourceStatus(FlowInstance instance) =>
        instance.Status == FlowInstanceStatus.Suspended ? instance.Prompt?.Status ?? instance.Status.ToString() : instance.Status.ToString();

    /// <summary>
    /// The completed flow whose authorization request a resume answers, taken so that no other resume can: only
    /// within its idle timeout, for the live signed-in session that owns it, when that session is still the user's
    /// the flow signed in. Null otherwise.
    /// </summary>
    public async Task<FlowInstance?> TakeForResumeAsync(string environmentId, string flowId, string? sessionToken, CancellationToken cancellationToken)
    {
        var instance = await FindAsync(environmentId, flowId, sessionToken, cancellationToken);
        if (instance.Status != FlowInstanceStatus.Completed
            || await sessions.FindAsync(environmentId, sessionToken, cancellationToken) is not { IsAuthenticated: true } session
            || session.UserId != instance.State.UserId)
        {
            return null;
        }

        try
        {
            return await runner.TakeResultAsync(instance, cancellationToken);
        }
        catch (FlowException)
        {
            // Taken by another resume (a conflict), or past its window: never a second answer.
            return null;
        }
    }

    /// <summary>
    /// Counts the action against its username: the one it types, else the user the flow already knows (a password
    /// after an identifier, a one-time code). Starting over names no one; an action that names no one is counted
    /// only by address.
    /// </summary>
    private void CountForUsername(FlowInstance instance, FlowAction action)
    {
        var username = action.GetString(UsernamePasswordFields.Username) is { } typed && !string.IsNullOrWhiteSpace(typed)
            ? typed
            : instance.State.Username;
        if (action.Name == FlowActions.SessionReset || string.IsNullOrWhiteSpace(username))
        {
            return;
        }

        if (usernameLimits.TryAcquire(instance.EnvironmentId, username) is { } retryAfter)
        {
            throw new FlowRateLimitedException(instance.Id, retryAfter);
        }
    }

    private async Task<RenewedSession?> AuthenticateSessionIfCompletedAsync(FlowInstance instance, SessionRecord session, CancellationToken cancellationToken)
    {
        if (instance.Status != FlowInstanceStatus.Completed || instance.State.UserId is not { } userId)
        {
            return null;
        }

        var satisfied = FlowAcr.Requested(instance);
        var proof = new SessionProof(instance.DefinitionId, instance.DefinitionVersion, [.. instance.State.Amr], FlowAcr.Of(instance),
            instance.State.AuthenticatedAt ?? clock.GetUtcNow(), satisfied is null ? [] : [satisfied]);
        RenewedSession renewed;
        try
        {
            renewed = await sessions.AuthenticateAsync(session, userId, proof, cancellationToken);
        }
        catch (SessionChangedException)
        {
            throw new FlowConflictException(instance.Id);
        }

        // This flow, and those of the session's other tabs, belong to the new token from now on.
        await instances.TransferSessionAsync(instance.EnvironmentId, renewed.PreviousTokenHash, session.TokenHash, cancellationToken);
        return renewed;
    }

    private static bool OwnedBy(FlowInstance instance, string? sessionToken) =>
        sessionToken is not null && instance.SessionTokenHash is { } owner
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(owner), Encoding.ASCII.GetBytes(SessionTokens.Hash(sessionToken)));
}
