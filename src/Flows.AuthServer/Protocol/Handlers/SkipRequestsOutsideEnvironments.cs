using Microsoft.AspNetCore;
using Flows.AuthServer.Environments;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Leaves every request outside <c>/{env}/as</c> to the rest of the application: OpenIddict's endpoint URIs
/// are relative, and only an environment's issuer path may match them.
/// </summary>
public sealed class SkipRequestsOutsideEnvironments : IOpenIddictServerHandler<ProcessRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<SkipRequestsOutsideEnvironments>()
            .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        var request = context.Transaction.GetHttpRequest();
        if (request?.HttpContext.RequestServices.GetRequiredService<EnvironmentContext>().Current is null
            || !request.PathBase.Value!.EndsWith($"/{EnvironmentPathMiddleware.AuthorizationServerSegment}", StringComparison.Ordinal))
        {
            context.SkipRequest();
        }

        return default;
    }
}
