using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using SR = OpenIddict.Abstractions.OpenIddictResources;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Infers which endpoint a request is for exactly as OpenIddict's <c>InferEndpointType</c> does — by running it — but
/// once per issuer and URL rather than on every request: OpenIddict builds an absolute URI for each endpoint URI and
/// compares it with the request's, which cost a tenth of the token endpoint's own (non-RSA) time. The answer depends
/// only on the environment's options, the base URI, and the scheme, host, port and path of the request, so it is
/// remembered for those; a bounded number of them, as the host and the path come from the client.
/// </summary>
public sealed class InferEndpointTypeOnce : IOpenIddictServerHandler<ProcessRequestContext>
{
    private const int MaxRemembered = 1_024;

    private static readonly ConditionalWeakTable<OpenIddictServerOptions, ConcurrentDictionary<RequestKey, OpenIddictServerEndpointType>> Remembered = new();

    private readonly OpenIddictServerHandlers.InferEndpointType _openIddict = new();

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessRequestContext>()
            .UseSingletonHandler<InferEndpointTypeOnce>()
            .SetOrder(OpenIddictServerHandlers.InferEndpointType.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessRequestContext context)
    {
        if (context is not { BaseUri: { IsAbsoluteUri: true } baseUri, RequestUri: { IsAbsoluteUri: true } requestUri })
        {
            await _openIddict.HandleAsync(context);
            return;
        }

        var known = Remembered.GetValue(context.Options, static _ => new());
        var key = new RequestKey(baseUri.OriginalString, requestUri.Scheme, requestUri.Host, requestUri.Port, requestUri.AbsolutePath);
        if (!known.TryGetValue(key, out var endpointType))
        {
            await _openIddict.HandleAsync(context);
            if (known.Count < MaxRemembered)
            {
                known.TryAdd(key, context.EndpointType);
            }

            return;
        }

        // What OpenIddict's handler sets and logs.
        context.EndpointType = endpointType;
        if (endpointType is not OpenIddictServerEndpointType.Unknown && context.Logger.IsEnabled(LogLevel.Information))
        {
            context.Logger.LogInformation(6053, SR.ResourceManager.GetString(SR.ID6053, SR.Culture)!, endpointType);
        }
    }

    /// <summary>All that OpenIddict's inference reads of a request besides the options.</summary>
    private readonly record struct RequestKey(string BaseUri, string Scheme, string Host, int Port, string Path);
}
