using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Flows.AuthServer.Protocol.Handlers;

/// <summary>
/// Accepts client assertions without the <c>client-authentication+jwt</c> type OpenIddict 7 demands: RFC 7523 §3 and
/// OIDC Core §9 define no <c>typ</c>, and certified clients (openid-client among them) send none, which
/// IdentityModel reads as <c>JWT</c>. No token of another kind can pass as one: an assertion is verified with the
/// client's own registered keys only, never the environment's.
/// </summary>
public sealed class AcceptUntypedClientAssertions : IOpenIddictServerHandler<ValidateTokenContext>
{
    private const string UntypedJwt = "JWT";

    /// <summary>Before the signature is checked: the plain type is a valid one.</summary>
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<AcceptUntypedClientAssertions>()
            .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    /// <summary>After it: OpenIddict took the plain type for an ID token's; it is this assertion's.</summary>
    public static OpenIddictServerHandlerDescriptor TypeDescriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<AcceptUntypedClientAssertions>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateIdentityModelToken.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.ValidTokenTypes.Count != 1 || !context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion))
        {
            return default;
        }

        if (context.Principal is null)
        {
            if (context.TokenValidationParameters is { ValidTypes: { } types } parameters && !types.Contains(UntypedJwt))
            {
                parameters.ValidTypes = [.. types, UntypedJwt];
            }
        }
        else if (context.Principal.GetTokenType() == TokenTypeIdentifiers.IdentityToken)
        {
            context.Principal.SetTokenType(TokenTypeIdentifiers.Private.ClientAssertion);
        }

        return default;
    }
}
