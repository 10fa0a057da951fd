using Microsoft.AspNetCore;
using Flows.AuthServer.Environments;
using Flows.AuthServer.Flows;
using Flows.AuthServer.Protocol.Device;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Points a device authorization response (RFC 8628 §3.2) at the environment's verification page, a flow, rather than at
/// OpenIddict's end-user verification endpoint (only that flow's resume), and names the polling interval the token
/// endpoint holds devices to.
/// </summary>
public sealed class AttachDeviceVerificationUris(EnvironmentContext environments) : IOpenIddictServerHandler<ApplyDeviceAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyDeviceAuthorizationResponseContext>()
            .UseScopedHandler<AttachDeviceVerificationUris>()
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<ApplyDeviceAuthorizationResponseContext>.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyDeviceAuthorizationResponseContext context)
    {
        if (!string.IsNullOrEmpty(context.Response.Error)
            || context.Transaction.GetHttpRequest() is not { } request
            || environments.Current is not { } environment)
        {
            return default;
        }

        var page = FlowUrls.Absolute(request, DeviceAuthorization.PagePath(environment.Id));
        context.Response.VerificationUri = page;
        if (context.Response.UserCode is { Length: > 0 } userCode)
        {
            context.Response.VerificationUriComplete = $"{page}?{Parameters.UserCode}={Uri.EscapeDataString(userCode)}";
        }

        context.Response[Parameters.Interval] = (long)DeviceAuthorization.PollingInterval.TotalSeconds;
        return default;
    }
}
