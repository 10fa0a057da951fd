using Flows.AuthServer.Flows;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Refuses an authorization request with a parameter longer than a flow stores (see
/// <see cref="StoredAuthorizationRequest"/>) while OpenIddict validates it, so the endpoint never starts a
/// session or a flow for it: anonymous requests cannot grow the database at will. A pushed request (RFC 9126) is
/// held to the same limits when it is pushed, as its parameters come back at the authorization endpoint.
/// </summary>
public sealed class RejectOversizedAuthorizationRequests
    : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidatePushedAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RejectOversizedAuthorizationRequests>()
            // First of all validations: nothing else needs to look at a request this server will not keep.
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateRequestParameter.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public static OpenIddictServerHandlerDescriptor PushedDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidatePushedAuthorizationRequestContext>()
            .UseSingletonHandler<RejectOversizedAuthorizationRequests>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidatePushedRequestParameter.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        Reject(context, context.Request);
        return default;
    }

    public ValueTask HandleAsync(ValidatePushedAuthorizationRequestContext context)
    {
        Reject(context, context.Request);
        return default;
    }

    private static void Reject(BaseValidatingContext context, OpenIddict.Abstractions.OpenIddictRequest request)
    {
        if (StoredAuthorizationRequest.FindOversized(request) is { } parameter)
        {
            context.Reject(Errors.InvalidRequest, $"The {parameter} parameter is longer than this server accepts.");
        }
    }
}
