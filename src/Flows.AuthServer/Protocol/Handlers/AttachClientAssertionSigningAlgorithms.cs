using System.Collections.Immutable;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Names in discovery the algorithms a client may sign its assertions with (OIDC Discovery §3,
/// <c>token_endpoint_auth_signing_alg_values_supported</c>, which goes with <c>private_key_jwt</c>): the asymmetric ones
/// of the RSA and EC keys an application registers, never <c>none</c> or a shared-secret HMAC.
/// </summary>
public sealed class AttachClientAssertionSigningAlgorithms : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static readonly IReadOnlyList<string> Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<AttachClientAssertionSigningAlgorithms>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachClientAuthenticationMethods.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        if (context.TokenEndpointAuthenticationMethods.Contains(ClientAuthenticationMethods.PrivateKeyJwt))
        {
            context.Metadata[Metadata.TokenEndpointAuthSigningAlgValuesSupported] = Algorithms.ToImmutableArray<string?>();
        }

        return default;
    }
}
