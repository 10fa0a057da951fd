using Microsoft.AspNetCore;
using System.Text.Json;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Sessions;
using Flows.Engine.Instances;
using Flows.Engine.Runtime;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Turns <c>/resume?flowId=…</c> back into the authorization request that started the flow, so OpenIddict
/// validates it again (client, redirect URI, PKCE) and the application receives its response.
/// Only the browser that owns the flow (its ST cookie, of a live signed-in session) may resume it, only once it
/// has completed, and only once: a second resume finds nothing to answer.
/// </summary>
public sealed class RestoreResumedAuthorizationRequest(SignOnFlows flows, EnvironmentContext environments)
    : IOpenIddictServerHandler<ExtractAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractAuthorizationRequestContext>()
            .UseScopedHandler<RestoreResumedAuthorizationRequest>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractGetOrPostRequest<ExtractAuthorizationRequestContext>.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ExtractAuthorizationRequestContext context)
    {
        var http = context.Transaction.GetHttpRequest()!.HttpContext;
        if (!http.Request.Path.Equals(ResumedFlow.ResumePath, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var flowId = context.Request?.GetParameter(ResumedFlow.FlowIdParameter)?.ToString();
        FlowInstance? instance = null;
        if (!string.IsNullOrEmpty(flowId))
        {
            try
            {
                instance = await flows.TakeForResumeAsync(environments.Required.Id, flowId, SessionCookie.Read(http), http.RequestAborted);
            }
            catch (FlowException)
            {
                instance = null;
            }
        }

        if (instance?.Request is not { } stored)
        {
            context.Reject(Errors.InvalidRequest,
                "This sign-in cannot be resumed: it is unknown, not finished, already answered, expired, or belongs to another browser or session.");
            return;
        }

        context.Request = StoredAuthorizationRequest.Deserialize(stored);
        ResumedFlow.Attach(http, instance);
    }
}
