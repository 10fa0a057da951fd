using Flows.AuthServer.Protocol.Device;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Answers <c>slow_down</c> (RFC 8628 §3.5) to a device polling with its device code sooner than its interval, before
/// the code is even looked up: polling faster gets a device nothing, and costs the server no token query.
/// </summary>
public sealed class SlowDownDevicePolling(DevicePollingPace pace) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<SlowDownDevicePolling>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (context.Request.IsDeviceCodeGrantType() && context.Request.DeviceCode is { Length: > 0 } deviceCode && pace.TooSoon(deviceCode))
        {
            context.Reject(Errors.SlowDown, $"Poll at most every {DeviceAuthorization.PollingInterval.TotalSeconds:0} seconds, and 5 seconds more after each slow_down.");
        }

        return default;
    }
}
