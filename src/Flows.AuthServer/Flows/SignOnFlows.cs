using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Flows.Activities;
using Flows.AuthServer.Data;
using Flows.AuthServer.Management.Flows;
using Flows.AuthServer.Sessions;
using Flows.Engine.Activities;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Flows;

/// <summary>
/// The one flow service behind both front doors (the JSON flow API and the hosted sign-on pages): starts a
/// flow for an authorization request, and lets only the session that owns a flow see it or act on it.
/// A completed flow authenticates its session.
/// </summary>
public sealed class SignOnFlows(
    FlowRunner runner, IFlowInstanceStore instances, SessionService sessions, FlowDefaultVersions defaultVersions, TimeProvider clock)
{
    /// <summary>The action every waiting flow accepts: start it over (contract: <c>session.reset</c>).</summary>
    public const string SessionReset = "session.reset";

    public async Task<FlowInstance> StartAsync(
        EnvironmentRecord environment, FlowsApplication application, SessionRecord session, OpenIddictRequest request, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, JsonElement>();
        if (!string.IsNullOrWhiteSpace(request.LoginHint))
        {
            variables[FlowVariables.LoginHint] = JsonSerializer.SerializeToElement(request.LoginHint.Trim());
        }

        // The application's pinned version, else the version administrators made the flow's default (memory,
        // no query on most sign-ins), else the latest published.
        var flowId = application.FlowId ?? environment.DefaultFlowId;
        var version = application.FlowVersion ?? await defaultVersions.FindAsync(environment.Id, flowId, cancellationToken);
        var instance = await runner.StartAsync(new FlowStartRequest(environment.Id, flowId)
        {
            Version = version,
            ApplicationId = application.ClientId,
            SessionTokenHash = session.TokenHash,
            Request = StoredAuthorizationRequest.Serialize(request),
            Variables = variables,
        }, cancellationToken);

        await AuthenticateSessionIfCompletedAsync(instance, session, cancellationToken);
        return instance;
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

    /// <summary>Runs one user action on the flow; a failed check leaves the flow at its step with an error.</summary>
    public async Task<FlowInstance> ActAsync(
        string environmentId, string flowId, string? sessionToken, FlowAction action, CancellationToken cancellationToken)
    {
        await FindAsync(environmentId, flowId, sessionToken, cancellationToken);
        var instance = action.Name == SessionReset
            ? await runner.RestartAsync(flowId, cancellationToken)
            : await runner.ResumeAsync(flowId, action, cancellationToken);
        if (instance.Status == FlowInstanceStatus.Completed
            && await sessions.FindAsync(environmentId, sessionToken, cancellationToken) is { } session)
        {
            await AuthenticateSessionIfCompletedAsync(instance, session, cancellationToken);
        }

        return instance;
    }

    /// <summary>A completed flow whose authorization request may still be answered (within its idle timeout).</summary>
    public async Task<FlowInstance?> FindForResumeAsync(string environmentId, string flowId, string? sessionToken, CancellationToken cancellationToken)
    {
        var instance = await FindAsync(environmentId, flowId, sessionToken, cancellationToken);
        return instance.Status == FlowInstanceStatus.Completed && clock.GetUtcNow() < instance.ExpiresAt ? instance : null;
    }

    private async Task AuthenticateSessionIfCompletedAsync(FlowInstance instance, SessionRecord session, CancellationToken cancellationToken)
    {
        if (instance.Status == FlowInstanceStatus.Completed && instance.State.UserId is { } userId)
        {
            await sessions.AuthenticateAsync(session, userId, instance.State.Amr, instance.State.Acr,
                instance.State.AuthenticatedAt ?? clock.GetUtcNow(), cancellationToken);
        }
    }

    private static bool OwnedBy(FlowInstance instance, string? sessionToken) =>
        sessionToken is not null && instance.SessionTokenHash is { } owner
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(owner), Encoding.ASCII.GetBytes(SessionTokens.Hash(sessionToken)));
}
