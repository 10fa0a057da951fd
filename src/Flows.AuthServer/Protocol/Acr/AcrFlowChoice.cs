using Flows.AuthServer.Data;
using Flows.AuthServer.Flows;
using OpenIddict.Abstractions;

namespace Flows.AuthServer.Protocol.Acr;

/// <summary>
/// The flow an authorization request runs because of the acr it asks for: the first requested value (in order of
/// preference) the application maps to a flow. Null when it maps none, and the application's own flow runs.
/// </summary>
public sealed record AcrFlowChoice(string Acr, string FlowId)
{
    public static AcrFlowChoice? Of(FlowsApplication application, OpenIddictRequest request) =>
        application.AcrFlows.Count == 0
            ? null
            : RequestedAcr.ValuesOf(request)
                .Where(application.AcrFlows.ContainsKey)
                .Select(acr => new AcrFlowChoice(acr, application.AcrFlows[acr]))
                .FirstOrDefault();

    /// <summary>
    /// The flow version the request runs: the one its acr chooses, else the application's own. <paramref name="userId"/>
    /// is the signed-in user of the request's session, if any, so a rollout keeps them on one side.
    /// </summary>
    public static Task<FlowReference> ResolveAsync(
        SignOnFlows flows, EnvironmentRecord environment, FlowsApplication application, OpenIddictRequest request,
        string? userId, CancellationToken cancellationToken) =>
        Of(application, request) is { } choice
            ? flows.ResolveForAcrAsync(environment, choice.FlowId, choice.Acr, cancellationToken, userId)
            : flows.ResolveAsync(environment, application, cancellationToken, userId);
}
