using Flows.Activities;
using Microsoft.AspNetCore;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Protocol.Device;
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
/// Turns <c>/device/resume?flowId=…</c> into the end-user verification request of the user code the verification flow
/// found, so OpenIddict validates that code again and answers its device. As the authorization resume: only the browser
/// that owns the completed flow (its ST cookie, of a live signed-in session), and only once.
/// </summary>
public sealed class RestoreVerifiedDeviceRequest(SignOnFlows flows, EnvironmentContext environments)
    : IOpenIddictServerHandler<ExtractEndUserVerificationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ExtractEndUserVerificationRequestContext>()
            .UseScopedHandler<RestoreVerifiedDeviceRequest>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ExtractGetOrPostRequest<ExtractEndUserVerificationRequestContext>.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ExtractEndUserVerificationRequestContext context)
    {
        var http = context.Transaction.GetHttpRequest()!.HttpContext;
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

        // A user code sent directly, without a flow, is never accepted: the user must sign in and consent first.
        if (instance is null || DeviceAuthorizationRequest.Of(instance.State) is not { } device)
        {
            context.Reject(Errors.InvalidRequest,
                "This device sign-in cannot be resumed: it is unknown, not finished, already answered, expired, or belongs to another browser or session.");
            return;
        }

        context.Request = new OpenIddictRequest { UserCode = device.UserCode };
        ResumedFlow.Attach(http, instance);
    }
}
