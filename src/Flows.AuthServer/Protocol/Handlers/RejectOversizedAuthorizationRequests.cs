using Flows.AuthServer.Flows;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Refuses an authorization request with a parameter longer than a flow stores (see
/// <see cref="StoredAuthorizationRequest"/>) while OpenIddict validates it, so the endpoint never starts a
/// session or a flow for it: anonymous requests cannot grow the database at will.
/// </summary>
public sealed class RejectOversizedAuthorizationRequests : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RejectOversizedAuthorizationRequests>()
            // First of all validations: nothing else needs to look at a request this server will not keep.
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateRequestParameter.Descriptor.Order - 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        if (StoredAuthorizationRequest.FindOversized(context.Request) is { } parameter)
        {
            context.Reject(Errors.InvalidRequest, $"The {parameter} parameter is longer than this server accepts.");
        }

        return default;
    }
}
