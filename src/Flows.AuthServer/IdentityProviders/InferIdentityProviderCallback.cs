using System.Text.RegularExpressions;
using Microsoft.AspNetCore;
using OpenIddict.Client;
using static OpenIddict.Client.OpenIddictClientEvents;

namespace Flows.AuthServer.IdentityProviders;

/// <summary>
/// Makes <c>/{env}/idp/{id}/callback</c> OpenIddict's redirection endpoint. OpenIddict matches fixed URIs only, and these
/// are one per provider of every environment; its own inference stays for everything else.
/// </summary>
public sealed partial class InferIdentityProviderCallback : IOpenIddictClientHandler<ProcessRequestContext>
{
    public static OpenIddictClientHandlerDescriptor Descriptor { get; } = OpenIddictClientHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
        .UseSingletonHandler<InferIdentityProviderCallback>()
        .SetOrder(OpenIddictClientHandlers.InferEndpointType.Descriptor.Order + 1)
        .SetType(OpenIddictClientHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context.EndpointType == OpenIddictClientEndpointType.Unknown
            && context.Transaction.GetHttpRequest() is { } request
            && CallbackPath().IsMatch(request.Path.Value ?? ""))
        {
            context.EndpointType = OpenIddictClientEndpointType.Redirection;
        }

        return ValueTask.CompletedTask;
    }

    // The path below the public base: /{env}/idp/{id}/callback (IdentityProviderEndpoints.CallbackPattern).
    [GeneratedRegex("^/[a-z0-9][a-z0-9-]{0,62}/idp/[a-z0-9][a-z0-9-]{0,62}/callback/?$", RegexOptions.CultureInvariant)]
    private static partial Regex CallbackPath();
}
