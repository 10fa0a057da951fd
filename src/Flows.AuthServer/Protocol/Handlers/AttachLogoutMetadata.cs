using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Advertises the logout specifications the server speaks in discovery: Back-Channel Logout 1.0 §2.1 and Front-Channel
/// Logout 1.0 §3, each with <c>sid</c> (OpenIddict knows neither).
/// </summary>
public sealed class AttachLogoutMetadata : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public const string BackchannelLogoutSupported = "backchannel_logout_supported";
    public const string BackchannelLogoutSessionSupported = "backchannel_logout_session_supported";
    public const string FrontchannelLogoutSupported = "frontchannel_logout_supported";
    public const string FrontchannelLogoutSessionSupported = "frontchannel_logout_session_supported";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AttachLogoutMetadata>()
            .SetOrder(int.MaxValue - 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.Metadata[BackchannelLogoutSupported] = true;
        context.Metadata[BackchannelLogoutSessionSupported] = true;
        context.Metadata[FrontchannelLogoutSupported] = true;
        context.Metadata[FrontchannelLogoutSessionSupported] = true;
        return ValueTask.CompletedTask;
    }
}
