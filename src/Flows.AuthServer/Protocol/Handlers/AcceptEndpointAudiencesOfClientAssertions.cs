using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Checks the audience of a client assertion: the environment's issuer, as OpenIddict accepts, or the endpoint it is
/// sent to — OIDC Core §9 says the token endpoint, RFC 7523 §3 allows it, and RFC 9126 §2 requires the pushed
/// authorization endpoint to be accepted too. Any other audience is <c>invalid_client</c> (RFC 7523 §3.1).
/// </summary>
public sealed class AcceptEndpointAudiencesOfClientAssertions : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<AcceptEndpointAudiencesOfClientAssertions>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateAudiences.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.ValidTokenTypes.Count != 1
            || !context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion)
            || context.Principal is not { } principal
            || context.BaseUri is not { IsAbsoluteUri: true } baseUri)
        {
            return default;
        }

        // OpenIddict's base URI is the issuer path without its trailing slash.
        var issuer = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/");
        foreach (var endpoint in context.Options.TokenEndpointUris.Concat(context.Options.PushedAuthorizationEndpointUris))
        {
            context.ValidAudiences.Add(endpoint.IsAbsoluteUri ? endpoint.AbsoluteUri : new Uri(issuer, endpoint).AbsoluteUri);
        }

        if (!principal.GetAudiences().Any(context.ValidAudiences.Contains))
        {
            context.Reject(Errors.InvalidClient, "The client assertion is not meant for this server: its aud must be the issuer or the endpoint.");
        }

        return default;
    }
}
